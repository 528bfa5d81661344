/**
 * Named volumes shared by tasks → Amazon EFS: one encrypted file system for the application's
 * volumes (another only for volumes with other EFS settings; kept when the stack is deleted: it
 * holds data), mount targets in the task subnets, a security group that accepts NFS only from the
 * services that mount it, and an access point per volume, rooted in the volume's own directory,
 * that the task definition mounts with transit encryption and IAM authorisation (the services'
 * task roles get access to exactly their volumes' access points).
 *
 * A subnet list parameter has no length CloudFormation can test directly, so mount targets are
 * created for the first three task subnets: the second and third under conditions that check
 * whether the list has that many entries.
 */
import type { Application, Service, Volume } from '../../ir/types.js';
import { externalFileSystemId } from '../taskdef/task-definition.js';
import { FIXED, groupDescription, type Ctx } from './context.js';
import { equals, getAtt, iff, join, not, ref, select, split, sub } from './intrinsics.js';

/** Mount targets are created for this many task subnets (one per Availability Zone). */
export const MAX_MOUNT_TARGETS = 3;

export interface EfsVolumeInfo {
  volume: Volume;
  fileSystemId: unknown;
  /** Absent for an existing file system mounted at its root. */
  accessPointId: unknown | undefined;
  fileSystemArn: unknown | undefined;
  accessPointArn: unknown | undefined;
  /** Security group of the file system (absent for existing file systems). */
  securityGroup: string | undefined;
}

export interface EfsPlan {
  volumes: Map<string, EfsVolumeInfo>;
  /** Resources a service must wait for: the mount targets of the file systems it mounts. */
  dependencies(service: Service): string[];
  /** IAM statements a service's task role needs for the volumes it mounts. */
  statements(service: Service): unknown[];
}

/** Volumes (app-level names) a service's task mounts as shared volumes. */
export function sharedVolumesOf(service: Service): string[] {
  const out = new Set<string>();
  for (const v of service.task.volumes) if (v.source.kind === 'shared') out.add(v.source.volume);
  return [...out].sort();
}

/** How one service uses one shared volume. */
interface VolumeUse {
  /** Every mount of it is read-only. */
  readOnly: boolean;
  /** A container that mounts it may run as root (no user, or uid 0 / root). */
  root: boolean;
}

/**
 * How a service uses each shared volume it mounts, by app-level volume name, in one pass over its
 * mounts (a volume it declares but never mounts has no entry). Asked per volume, each question
 * rescanned every volume and mount of the service: quadratic in a service's volumes.
 */
function volumeUses(service: Service): Map<string, VolumeUse> {
  const appVolume = new Map<string, string>();
  for (const v of service.task.volumes) if (v.source.kind === 'shared') appVolume.set(v.name, v.source.volume);
  const uses = new Map<string, VolumeUse>();
  for (const c of service.task.containers) {
    const asRoot = c.user === undefined || /^(0|root)(:|$)/.test(c.user);
    for (const m of c.mounts) {
      const name = appVolume.get(m.volume);
      if (name === undefined) continue;
      let use = uses.get(name);
      if (!use) uses.set(name, (use = { readOnly: true, root: false }));
      if (!m.readOnly) use.readOnly = false;
      if (asRoot) use.root = true;
    }
  }
  return uses;
}

/** uid/gid of the first container (in app order) that mounts each volume and runs as a numeric user. */
function ownersByVolume(app: Application): Map<string, { uid: string; gid: string }> {
  const byVolume = new Map<string, { uid: string; gid: string }>();
  for (const s of app.services) {
    const shared = new Map<string, string>();
    for (const v of s.task.volumes) if (v.source.kind === 'shared') shared.set(v.name, v.source.volume);
    for (const c of s.task.containers) {
      const m = /^(\d+)(?::(\d+))?$/.exec(c.user ?? '');
      if (!m) continue;
      for (const mount of c.mounts) {
        const name = shared.get(mount.volume);
        if (name !== undefined && !byVolume.has(name)) byVolume.set(name, { uid: m[1]!, gid: m[2] ?? m[1]! });
      }
    }
  }
  return byVolume;
}

/** The services' security groups, each once (first-use order), with the services behind it. */
function ingressBySource(users: Service[], serviceSecurityGroup: (service: Service) => unknown): { source: unknown; services: string[] }[] {
  const bySource = new Map<string, { source: unknown; services: string[] }>();
  for (const s of users) {
    const source = serviceSecurityGroup(s);
    const key = JSON.stringify(source);
    const entry = bySource.get(key) ?? { source, services: [] };
    entry.services.push(s.name);
    bySource.set(key, entry);
  }
  return [...bySource.values()];
}

/** EFS settings Docker's ECS integration read from `driver_opts`. */
function fileSystemOptions(volume: Volume): Record<string, unknown> {
  const o = volume.driverOptions ?? {};
  const out: Record<string, unknown> = {};
  if (o['performance_mode']) out['PerformanceMode'] = o['performance_mode'];
  if (o['throughput_mode']) out['ThroughputMode'] = o['throughput_mode'];
  if (o['provisioned_throughput'] && /^\d+(\.\d+)?$/.test(o['provisioned_throughput'])) {
    out['ProvisionedThroughputInMibps'] = Number(o['provisioned_throughput']);
  }
  if (o['lifecycle_policy']) out['LifecyclePolicies'] = [{ TransitionToIA: o['lifecycle_policy'] }];
  if (o['backup_policy']) out['BackupPolicy'] = { Status: o['backup_policy'] };
  return out;
}

/** The i-th (0-based) task subnet, or '' when the list is shorter. */
function subnetAt(ctx: Ctx, index: number): unknown {
  const padded = sub(`\${Ids}${','.repeat(MAX_MOUNT_TARGETS)}`, { Ids: join(',', ctx.stack.param(FIXED.privateSubnets)) });
  return select(index, split(',', padded));
}

export function planEfs(ctx: Ctx, serviceSecurityGroup: (service: Service) => unknown): EfsPlan {
  const { app, stack, names } = ctx;
  // Services by the shared volumes they mount (one pass; apps can have hundreds of each).
  const usersOf = new Map<string, Service[]>();
  for (const service of app.services) {
    for (const v of sharedVolumesOf(service)) {
      const list = usersOf.get(v) ?? [];
      list.push(service);
      usersOf.set(v, list);
    }
  }
  const used = new Set(usersOf.keys());
  const owners = ownersByVolume(app);
  const volumes = new Map<string, EfsVolumeInfo>();
  const ready = new Map<string, string>();
  const tagList = stack.tagList() ?? [];

  // One file system holds every volume that has the same EFS settings (most apps: all of
  // them), each volume in its own directory behind its own access point. The default group is
  // `FileSystem`; a group with settings is named after its first volume.
  interface Group {
    fs: string;
    securityGroup: string;
    ready: string;
    options: Record<string, unknown>;
    volumes: Volume[];
  }
  const groups = new Map<string, Group>();
  for (const volume of app.volumes) {
    if (!used.has(volume.name) || volume.external) continue;
    const options = fileSystemOptions(volume);
    const key = JSON.stringify(options);
    let g = groups.get(key);
    if (!g) {
      const base = Object.keys(options).length === 0 ? '' : names.volume(volume.name);
      g = {
        fs: names.id(`efs:${key}:fs`, `${base}FileSystem`),
        securityGroup: names.id(`efs:${key}:sg`, `${base}FileSystemSecurityGroup`),
        ready: names.id(`efs:${key}:ready`, `${base}MountTargetsReady`),
        options,
        volumes: [],
      };
      groups.set(key, g);
    }
    g.volumes.push(volume);
  }
  for (const [key, g] of groups) {
    const inGroup = new Set(g.volumes.flatMap((v) => usersOf.get(v.name) ?? []));
    const users = app.services.filter((s) => inGroup.has(s));
    const label = g.volumes.map((v) => v.name).join(', ');
    stack.addResource(g.fs, {
      Type: 'AWS::EFS::FileSystem',
      // It holds the application's data: deleting the stack keeps it.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Encrypted: true,
        ...g.options,
        FileSystemTags: [{ Key: 'Name', Value: `${app.name} volumes ${label}`.slice(0, 256) }, ...tagList.filter((t) => t.Key !== 'Name')],
      },
    });
    stack.addResource(g.securityGroup, {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: groupDescription(`EFS volumes ${label} of ${app.name}`),
        VpcId: stack.param(FIXED.vpc),
        SecurityGroupIngress: ingressBySource(users, serviceSecurityGroup).map(({ source, services }) => ({
          IpProtocol: 'tcp',
          FromPort: 2049,
          ToPort: 2049,
          SourceSecurityGroupId: source,
          Description: groupDescription(`NFS from ${services.join(', ')}`),
        })),
        ...(tagList.length > 0 ? { Tags: tagList } : {}),
      },
    });
    const mountTargets: unknown[] = [];
    for (let i = 0; i < MAX_MOUNT_TARGETS; i++) {
      let condition: string | undefined;
      if (i > 0) {
        condition = stack.addCondition(names.id(`condition:subnet:${i}`, `HasTaskSubnet${i + 1}`), not(equals(subnetAt(ctx, i), '')));
      }
      const mt = names.id(`efs:${key}:mt:${i}`, `${g.fs.replace(/FileSystem$/, '')}MountTarget${i + 1}`);
      mountTargets.push(condition ? iff(condition, ref(mt), '') : ref(mt));
      stack.addResource(mt, {
        Type: 'AWS::EFS::MountTarget',
        ...(condition ? { Condition: condition } : {}),
        Properties: {
          FileSystemId: ref(g.fs),
          SubnetId: i === 0 ? select(0, stack.param(FIXED.privateSubnets)) : subnetAt(ctx, i),
          SecurityGroups: [getAtt(g.securityGroup, 'GroupId')],
        },
      });
    }
    // Tasks that start before the mount targets exist fail to mount; services wait on this
    // handle, which refers to the mount targets (conditional ones through Fn::If).
    stack.addResource(g.ready, {
      Type: 'AWS::CloudFormation::WaitConditionHandle',
      Metadata: { Purpose: `Services mounting ${label} start after the file system's mount targets exist.`, WaitsFor: mountTargets },
    });
    for (const v of g.volumes) ready.set(v.name, g.ready);
  }

  for (const volume of app.volumes) {
    if (!used.has(volume.name)) continue;
    const base = names.volume(volume.name);
    const users = usersOf.get(volume.name) ?? [];
    let fileSystemId: unknown;
    let fileSystemArn: unknown;
    let securityGroup: string | undefined;
    if (volume.external) {
      ctx.facts.existingFileSystems.push({ volume, services: users });
      const known = externalFileSystemId(app, volume.name);
      if (known) {
        // Like the task definitions: the named file system is mounted at its root, without an
        // access point or IAM authorisation (its own policy decides).
        volumes.set(volume.name, { volume, fileSystemId: known, accessPointId: undefined, fileSystemArn: undefined, accessPointArn: undefined, securityGroup: undefined });
        continue;
      }
      const given = volume.externalName ?? volume.name;
      const p = names.id(`volume:${volume.name}:fsparam`, `${base}FileSystemId`);
      stack.declareParameter(
        p,
        'Storage',
        () => ({
          Type: 'String',
          Description: `Id of the existing EFS file system for volume ${volume.name} (${given} in the input); it needs mount targets in the task subnets that accept NFS from the services.`.slice(0, 4000),
          AllowedPattern: '^fs-[0-9a-f]{8,40}$',
          ConstraintDescription: 'an EFS file system id (fs-…)',
        }),
      );
      fileSystemId = stack.param(p);
      fileSystemArn = sub(`arn:\${AWS::Partition}:elasticfilesystem:\${AWS::Region}:\${AWS::AccountId}:file-system/\${Id}`, { Id: fileSystemId });
    } else {
      const g = groups.get(JSON.stringify(fileSystemOptions(volume)))!;
      securityGroup = g.securityGroup;
      fileSystemId = ref(g.fs);
      fileSystemArn = getAtt(g.fs, 'Arn');
    }
    const owner = owners.get(volume.name) ?? { uid: '0', gid: '0' };
    const ap = names.id(`volume:${volume.name}:ap`, `${base}AccessPoint`);
    stack.addResource(ap, {
      Type: 'AWS::EFS::AccessPoint',
      Properties: {
        FileSystemId: fileSystemId,
        RootDirectory: {
          Path: `/${volume.name}`,
          CreationInfo: { OwnerUid: owner.uid, OwnerGid: owner.gid, Permissions: '0755' },
        },
        AccessPointTags: [{ Key: 'Name', Value: `${app.name}-${volume.name}` }, ...tagList.filter((t) => t.Key !== 'Name')],
      },
    });
    volumes.set(volume.name, {
      volume,
      fileSystemId,
      accessPointId: ref(ap),
      fileSystemArn,
      accessPointArn: getAtt(ap, 'Arn'),
      securityGroup,
    });
  }

  return {
    volumes,
    dependencies(service: Service): string[] {
      return sharedVolumesOf(service).flatMap((v) => (ready.has(v) ? [ready.get(v)!] : []));
    },
    statements(service: Service): unknown[] {
      const uses = volumeUses(service);
      return sharedVolumesOf(service).flatMap((name) => {
        const v = volumes.get(name);
        if (!v || v.accessPointArn === undefined) return [];
        // Root in the container is squashed by EFS unless the role may act as root (images that
        // start as root and chown their data directory need it).
        const use = uses.get(name);
        const actions = ['elasticfilesystem:ClientMount'];
        if (!use?.readOnly) actions.push('elasticfilesystem:ClientWrite');
        if (use?.root) actions.push('elasticfilesystem:ClientRootAccess');
        return [
          {
            Effect: 'Allow',
            Action: actions,
            Resource: v.fileSystemArn,
            Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': v.accessPointArn } },
          },
        ];
      });
    },
  };
}
