/**
 * Checks a RegisterTaskDefinition request against the rules the ECS API enforces (from the ECS
 * API reference and developer guide, summarised in ../shared/docs/ecs.md §2–7). Used on every
 * task definition the test suite emits. Returns one message per problem; empty = valid.
 */

const FARGATE_MEMORY: Record<number, number[]> = (() => {
  const range = (from: number, to: number, step: number) => {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) out.push(v);
    return out;
  };
  return {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
  };
})();

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const PORT_NAME = /^[a-z0-9_][a-z0-9_-]{0,63}$/;
const ULIMITS = new Set([
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
]);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function validateTaskDefinition(def: unknown): string[] {
  const errors: string[] = [];
  const err = (m: string) => errors.push(m);
  if (!isObj(def)) return ['task definition is not an object'];
  if (JSON.stringify(def).length > 65536) err('task definition is larger than 65,536 bytes');
  if (typeof def['family'] !== 'string' || !NAME.test(def['family'])) err(`family ${String(def['family'])} is not 1-255 of [A-Za-z0-9_-]`);
  const mode = def['networkMode'] ?? 'bridge';
  if (!['awsvpc', 'bridge', 'host', 'none'].includes(String(mode))) err(`networkMode ${String(mode)} is invalid`);
  const compat = (def['requiresCompatibilities'] as unknown[] | undefined) ?? [];
  for (const c of compat) if (!['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'].includes(String(c))) err(`compatibility ${String(c)} is invalid`);
  const fargate = compat.includes('FARGATE');
  if (!def['executionRoleArn']) err('executionRoleArn is missing (needed for awslogs and secrets)');

  const taskCpu = def['cpu'] === undefined ? undefined : Number(def['cpu']);
  const taskMem = def['memory'] === undefined ? undefined : Number(def['memory']);
  if (def['cpu'] !== undefined && typeof def['cpu'] !== 'string') err('task cpu must be a string');
  if (def['memory'] !== undefined && typeof def['memory'] !== 'string') err('task memory must be a string');
  if (fargate) {
    if (mode !== 'awsvpc') err('Fargate requires networkMode awsvpc');
    if (taskCpu === undefined || taskMem === undefined) err('Fargate requires task cpu and memory');
    else if (!(FARGATE_MEMORY[taskCpu] ?? []).includes(taskMem)) err(`Fargate does not offer cpu ${taskCpu} with memory ${taskMem}`);
    if (def['ipcMode'] !== undefined) err('ipcMode is not supported on Fargate');
    if (def['pidMode'] !== undefined && def['pidMode'] !== 'task') err('Fargate only allows pidMode task');
    if (def['placementConstraints'] !== undefined) err('placementConstraints are not supported on Fargate');
  } else if (taskCpu !== undefined && (taskCpu < 128 || taskCpu > 196608)) {
    err(`task cpu ${taskCpu} is outside 128-196608`);
  }
  const eph = def['ephemeralStorage'] as Obj | undefined;
  if (eph && (Number(eph['sizeInGiB']) < 21 || Number(eph['sizeInGiB']) > 200)) err('ephemeralStorage.sizeInGiB must be 21-200');

  const volumes = (def['volumes'] as Obj[] | undefined) ?? [];
  const volumeNames = new Set<string>();
  for (const v of volumes) {
    const n = String(v['name']);
    if (!NAME.test(n)) err(`volume name ${n} is invalid`);
    if (volumeNames.has(n)) err(`volume ${n} is defined twice`);
    volumeNames.add(n);
    if (fargate && isObj(v['host']) && (v['host'] as Obj)['sourcePath'] !== undefined) err(`volume ${n}: host.sourcePath is not supported on Fargate`);
    if (fargate && v['dockerVolumeConfiguration'] !== undefined) err(`volume ${n}: Docker volumes are not supported on Fargate`);
    const efs = v['efsVolumeConfiguration'] as Obj | undefined;
    if (efs) {
      if (!efs['fileSystemId']) err(`volume ${n}: efsVolumeConfiguration.fileSystemId is required`);
      const auth = efs['authorizationConfig'] as Obj | undefined;
      if ((auth?.['accessPointId'] || auth?.['iam'] === 'ENABLED') && efs['transitEncryption'] !== 'ENABLED') {
        err(`volume ${n}: an access point or IAM authorization needs transitEncryption ENABLED`);
      }
    }
  }

  const containers = def['containerDefinitions'];
  if (!Array.isArray(containers) || containers.length < 1 || containers.length > 10) {
    err('containerDefinitions must hold 1-10 containers');
    return errors;
  }
  const names = new Set<string>();
  let cpuSum = 0;
  let memSum = 0;
  let essential = 0;
  const byName = new Map<string, Obj>();
  for (const c of containers as Obj[]) byName.set(String(c['name']), c);
  for (const c of containers as Obj[]) {
    const n = String(c['name']);
    const at = `container ${n}`;
    if (!NAME.test(n)) err(`${at}: name is not 1-255 of [A-Za-z0-9_-]`);
    if (names.has(n)) err(`${at}: name is used twice`);
    names.add(n);
    if (typeof c['image'] !== 'string' || c['image'] === '') err(`${at}: image is required`);
    else if (String(c['image']).split('@')[0]!.length > 255) err(`${at}: image is longer than 255 characters`);
    if (c['essential'] !== false) essential++;
    for (const k of ['command', 'entryPoint', 'dnsServers', 'dnsSearchDomains', 'dockerSecurityOptions', 'links']) {
      if (c[k] !== undefined && (!Array.isArray(c[k]) || !(c[k] as unknown[]).every((x) => typeof x === 'string'))) {
        err(`${at}: ${k} must be an array of strings`);
      }
    }
    const cpu = c['cpu'];
    if (cpu !== undefined) {
      if (!Number.isInteger(cpu)) err(`${at}: cpu must be an integer`);
      cpuSum += Number(cpu);
    }
    const mem = c['memory'] as number | undefined;
    const res = c['memoryReservation'] as number | undefined;
    for (const [k, v] of [['memory', mem], ['memoryReservation', res]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 6)) err(`${at}: ${k} must be an integer of at least 6 MiB`);
    }
    if (mem !== undefined && res !== undefined && !(mem > res)) err(`${at}: memory must be greater than memoryReservation`);
    memSum += mem ?? res ?? 0;
    if (!fargate && taskMem === undefined && !mem && !res) err(`${at}: without task memory every container needs memory or memoryReservation`);

    for (const e of (c['environment'] as Obj[] | undefined) ?? []) {
      if (typeof e['name'] !== 'string' || typeof e['value'] !== 'string') err(`${at}: environment entries need string name and value`);
    }
    const envNames = new Set<string>();
    for (const e of [...((c['environment'] as Obj[] | undefined) ?? []), ...((c['secrets'] as Obj[] | undefined) ?? [])]) {
      const en = String(e['name']);
      if (envNames.has(en)) err(`${at}: variable ${en} is defined twice (environment/secrets)`);
      envNames.add(en);
    }
    for (const s of (c['secrets'] as Obj[] | undefined) ?? []) {
      if (typeof s['valueFrom'] !== 'string' || s['valueFrom'] === '') err(`${at}: secret ${String(s['name'])} needs valueFrom`);
    }

    const portNames = new Set<string>();
    const seenPorts = new Set<string>();
    for (const p of (c['portMappings'] as Obj[] | undefined) ?? []) {
      const cp = p['containerPort'];
      if (!Number.isInteger(cp) || Number(cp) < 0 || Number(cp) > 65535) err(`${at}: containerPort ${String(cp)} is invalid`);
      const proto = p['protocol'] ?? 'tcp';
      if (proto !== 'tcp' && proto !== 'udp') err(`${at}: protocol ${String(proto)} is invalid`);
      if ((mode === 'awsvpc' || mode === 'host') && p['hostPort'] !== undefined && p['hostPort'] !== cp) {
        err(`${at}: with ${String(mode)} the hostPort must equal the containerPort`);
      }
      if (mode === 'none') err(`${at}: networkMode none allows no port mappings`);
      if (seenPorts.has(String(cp))) err(`${at}: containerPort ${String(cp)} is mapped twice`);
      seenPorts.add(String(cp));
      if (p['name'] !== undefined) {
        if (!PORT_NAME.test(String(p['name']))) err(`${at}: port name ${String(p['name'])} is invalid`);
        if (portNames.has(String(p['name']))) err(`${at}: port name ${String(p['name'])} is used twice`);
        portNames.add(String(p['name']));
      }
      if (p['appProtocol'] !== undefined && !['http', 'http2', 'grpc'].includes(String(p['appProtocol']))) err(`${at}: appProtocol is invalid`);
    }

    const hc = c['healthCheck'] as Obj | undefined;
    if (hc) {
      const cmd = hc['command'] as unknown[];
      if (!Array.isArray(cmd) || !['CMD', 'CMD-SHELL'].includes(String(cmd[0]))) err(`${at}: healthCheck.command must start with CMD or CMD-SHELL`);
      const ranges: [string, number, number][] = [
        ['interval', 5, 300],
        ['timeout', 2, 60],
        ['retries', 1, 10],
        ['startPeriod', 0, 300],
      ];
      for (const [k, lo, hi] of ranges) {
        const v = hc[k];
        if (v !== undefined && (!Number.isInteger(v) || Number(v) < lo || Number(v) > hi)) err(`${at}: healthCheck.${k} ${String(v)} is outside ${lo}-${hi}`);
      }
    }
    for (const d of (c['dependsOn'] as Obj[] | undefined) ?? []) {
      const target = byName.get(String(d['containerName']));
      if (!target) err(`${at}: dependsOn names unknown container ${String(d['containerName'])}`);
      const cond = String(d['condition']);
      if (!['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'].includes(cond)) err(`${at}: dependsOn condition ${cond} is invalid`);
      if (target && (cond === 'COMPLETE' || cond === 'SUCCESS') && target['essential'] !== false) {
        err(`${at}: ${cond} is not allowed on essential container ${String(d['containerName'])}`);
      }
      if (target && cond === 'HEALTHY' && !target['healthCheck']) err(`${at}: HEALTHY needs a healthCheck on ${String(d['containerName'])}`);
    }
    for (const m of (c['mountPoints'] as Obj[] | undefined) ?? []) {
      if (!volumeNames.has(String(m['sourceVolume']))) err(`${at}: mountPoint names unknown volume ${String(m['sourceVolume'])}`);
    }
    for (const v of (c['volumesFrom'] as Obj[] | undefined) ?? []) {
      if (!byName.has(String(v['sourceContainer']))) err(`${at}: volumesFrom names unknown container ${String(v['sourceContainer'])}`);
    }
    if (c['links'] !== undefined && mode !== 'bridge') err(`${at}: links need networkMode bridge`);
    if (mode === 'awsvpc') {
      if (c['hostname'] !== undefined) err(`${at}: hostname is not allowed with awsvpc`);
      if (c['extraHosts'] !== undefined) err(`${at}: extraHosts is not allowed with awsvpc`);
    }
    for (const u of (c['ulimits'] as Obj[] | undefined) ?? []) {
      if (!ULIMITS.has(String(u['name']))) err(`${at}: ulimit ${String(u['name'])} is unknown`);
      if (fargate && u['name'] !== 'nofile') err(`${at}: Fargate only allows the nofile ulimit`);
    }
    const lp = c['linuxParameters'] as Obj | undefined;
    if (fargate) {
      if (c['privileged'] === true) err(`${at}: privileged is not supported on Fargate`);
      for (const k of ['dockerSecurityOptions', 'dnsServers', 'dnsSearchDomains', 'disableNetworking']) {
        if (c[k] !== undefined) err(`${at}: ${k} is not supported on Fargate`);
      }
      if (lp) {
        for (const k of ['devices', 'sharedMemorySize', 'tmpfs', 'maxSwap', 'swappiness']) if (lp[k] !== undefined) err(`${at}: linuxParameters.${k} is not supported on Fargate`);
        const add = ((lp['capabilities'] as Obj | undefined)?.['add'] as string[] | undefined) ?? [];
        for (const cap of add) if (cap !== 'SYS_PTRACE') err(`${at}: Fargate only allows adding SYS_PTRACE (got ${cap})`);
      }
      if (c['stopTimeout'] !== undefined && Number(c['stopTimeout']) > 120) err(`${at}: stopTimeout over 120 s on Fargate`);
    }
    const log = c['logConfiguration'] as Obj | undefined;
    if (log) {
      const driver = String(log['logDriver']);
      const allowed = fargate ? ['awslogs', 'splunk', 'awsfirelens'] : ['awslogs', 'splunk', 'awsfirelens', 'fluentd', 'gelf', 'json-file', 'journald', 'syslog'];
      if (!allowed.includes(driver)) err(`${at}: log driver ${driver} is not supported here`);
      const opts = (log['options'] as Obj | undefined) ?? {};
      if (driver === 'awslogs') {
        if (!opts['awslogs-group'] || !opts['awslogs-region']) err(`${at}: awslogs needs awslogs-group and awslogs-region`);
        // The options ECS documents for its awslogs driver (what CloudFormation's linter accepts).
        const known = ['awslogs-create-group', 'awslogs-datetime-format', 'awslogs-group', 'awslogs-multiline-pattern', 'awslogs-region', 'awslogs-stream-prefix', 'max-buffer-size', 'mode'];
        for (const k of Object.keys(opts)) if (!known.includes(k)) err(`${at}: awslogs does not take the option ${k}`);
        if (fargate && !opts['awslogs-stream-prefix']) err(`${at}: awslogs on Fargate needs awslogs-stream-prefix`);
      }
    }
  }
  if (essential === 0) err('at least one container must be essential');
  if (taskCpu !== undefined && cpuSum > taskCpu) err(`containers ask for ${cpuSum} CPU units, more than the task's ${taskCpu}`);
  if (taskMem !== undefined && memSum > taskMem) err(`containers ask for ${memSum} MiB, more than the task's ${taskMem}`);
  return errors;
}
