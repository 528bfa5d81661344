/**
 * `MIGRATION.md`: what ecsify made of the input — the services and their sizes, the traffic
 * path, the images to build, the secrets to fill, what was left out — and every diagnostic of
 * the run as "needs your attention" (warnings) or "approximations and notes" (infos), followed
 * by the next steps. Rendered from `templates/report/MIGRATION.md.hbs` with a view model of
 * ready-to-print strings.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Application, Container, ListenerAction, ScheduledAction, Service, Target } from '../../ir/types.js';
import { jobCommand, servicesAndJobs } from '../../ir/jobs.js';
import { runsOnUtc } from '../../ir/schedule.js';
import { andList, orList } from '../../util/and-list.js';
import { publishedDiscoveryNames } from '../cloudformation/service-connect.js';
import type { BuildFacts } from '../cloudformation/context.js';
import { templateFacts } from '../cloudformation/emit.js';
import { secretsFromEb } from '../cloudformation/secrets-script.js';
import { imagePlaceholder, logGroupName } from '../taskdef/emit-task-definitions.js';
import { startsStopped } from '../first-deploy.js';
import { imageGroups } from '../images.js';
import { DEFAULT_LAYOUT, workflowImages, workflowPath } from '../ci/github-workflow.js';
import type { EmitOptions, EmittedFile } from '../types.js';
import { renderTemplate } from './handlebars.js';
import { existingSecretStore } from '../secret-store.js';

const SECRET_REASONS: Record<string, string> = {
  name: 'its name says so',
  value: 'its value looks like a credential',
  user: 'you marked it',
  'compose-secret': 'a Compose secret',
  'eb-environmentsecrets': 'an EB environment secret',
  'dynamic-reference': 'a {{resolve:…}} reference',
  'registry-credentials': 'private registry credentials',
};

function cpuText(units: number): string {
  return `${units / 1024} vCPU`;
}

function memText(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}

function size(app: Application, s: Service): string {
  if (s.task.cpu !== undefined && s.task.memory !== undefined) return `${cpuText(s.task.cpu)}, ${memText(s.task.memory)}`;
  if (app.settings.launchType === 'ec2') {
    const mem = s.task.containers.map((c) => c.memory?.reservation ?? c.memory?.limit ?? 0).reduce((a, b) => a + b, 0);
    return mem > 0 ? `${memText(mem)} reserved (EC2)` : 'per container (EC2)';
  }
  return 'not sized';
}

function imageText(c: Container): string {
  switch (c.image.kind) {
    case 'ref':
      return c.image.ref;
    case 'build':
      return `built from ${c.image.context}`;
    case 'platform':
      return `built for ${c.image.platform}`;
  }
}

function actionText(targets: ReadonlyMap<string, Target>, a: ListenerAction): string {
  switch (a.kind) {
    case 'forward': {
      const t = targets.get(a.target);
      if (!t) return `target ${a.target}`;
      const hc = t.healthCheck.path ? `, health check ${t.healthCheck.path}` : '';
      return `${t.service}/${t.container}:${t.containerPort} (${t.protocol}${hc})`;
    }
    case 'redirect':
      return `redirect to ${a.protocol} ${a.port}`;
    case 'fixed-response':
      return `fixed response ${a.statusCode}`;
  }
}

function ingressLines(app: Application): string[] {
  const lines: string[] = [];
  // Targets by id, the first of each id as a scan would find it (one listener per port: many).
  const targets = new Map<string, Target>();
  for (const t of app.ingress.targets) if (!targets.has(t.id)) targets.set(t.id, t);
  for (const lb of app.ingress.loadBalancers) {
    const kind = lb.type === 'application' ? 'Application Load Balancer' : 'Network Load Balancer';
    for (const l of lb.listeners) {
      lines.push(`${kind} (${lb.scheme}) listener ${l.protocol} ${l.port} → ${actionText(targets, l.defaultAction)}`);
      for (const r of l.rules) {
        // A request matches one of the hosts and one of the paths.
        const cond = [r.hosts.length > 0 ? `host ${orList(r.hosts)}` : '', r.paths.length > 0 ? `path ${orList(r.paths)}` : ''].filter(Boolean).join(' and ');
        lines.push(`  rule ${r.priority}: ${cond || 'always'} → ${actionText(targets, r.action)}`);
      }
    }
  }
  const published = [...publishedDiscoveryNames(app).values()].map((names) => names[0]);
  if (published.length > 0) lines.push(`Service Connect names other services use: ${published.join(', ')}`);
  return lines;
}

function imageHow(c: Container): string {
  if (c.image.kind === 'build') {
    const df = c.image.dockerfile ? ` with ${c.image.dockerfile}` : '';
    return `build the Docker context ${c.image.context}${df}, push it to a registry (e.g. Amazon ECR).`;
  }
  if (c.image.kind === 'platform') {
    return `the app ran on the Elastic Beanstalk ${c.image.platform} platform; write a Dockerfile for that runtime (or use a buildpack), build and push it.`;
  }
  return '';
}

function where(d: Diagnostic): string {
  return d.origin ? ` (${d.origin.file}:${d.origin.line})` : '';
}

function diagLine(d: Diagnostic) {
  // Notes too: how a value was approximated, which other services share the line. Joined here,
  // not by an `each` block, which costs a block call per finding (9,000 in a 1000-service run).
  return { rule: d.rule, where: where(d), message: d.message, notes: d.notes && d.notes.length > 0 ? ` ${d.notes.join(' ')}` : '', hint: d.hint ?? '' };
}

/** What a schedule line says when its times are read as UTC. */
const UTC_NOTE = '(UTC: no time zone given)';


/**
 * The stop/start schedule: the app's, then each service's own entries. Application Auto Scaling
 * reads times without a time zone as UTC, which is easy to miss with `--schedule "mon-fri
 * 08:00-20:00"`, so those lines say so.
 */
function scheduleLines(app: Application): string[] {
  const line = (prefix: string, a: ScheduledAction) =>
    `${prefix}${a.action} ${a.schedule}${a.timezone ? ` (${a.timezone})` : runsOnUtc(a) ? ` ${UTC_NOTE}` : ''}`;
  return [
    ...(app.settings.schedule ?? []).map((a) => line('', a)),
    ...app.services.flatMap((s) => (s.scaling?.schedule ?? []).map((a) => line(`${s.name}: `, a))),
  ];
}

/** The live Elastic Beanstalk environment an `eb://` input was read from, in one line ('' otherwise). */
function environmentLine(app: Application): string {
  const env = app.source.environment;
  if (!env) return '';
  return (
    `\`${env.name}\` (application \`${env.application}\`${env.region ? `, ${env.region}` : ''}), ` +
    (env.versionLabel ? `running version \`${env.versionLabel}\`` : 'running no application version') +
    (env.cname ? `, served at \`${env.cname}\`` : '') +
    '; its settings as read through the AWS API.'
  );
}

/**
 * For an Elastic Beanstalk input: moving the traffic (or the work) over, then retiring the
 * environment, which takes with it what EB created for it.
 */
function cutoverSteps(app: Application, facts: BuildFacts, diagnostics: readonly Diagnostic[]): string[] {
  if (!app.source.kind.startsWith('eb-')) return [];
  const env = app.source.environment;
  const named = env ? `the environment \`${env.name}\`${env.cname ? ` (\`${env.cname}\`)` : ''}` : 'the Elastic Beanstalk environment';
  const steps: string[] = [];
  const addresses = facts.publicAddressOutputs.map((o) => `\`${o}\``);
  const ebQueue = app.queue !== undefined && app.queue.url === undefined;
  if (addresses.length > 0) {
    steps.push(
      `Move the traffic: try the new load balancer at its address (the stack output${addresses.length > 1 ? 's' : ''} ${andList(addresses)}), ` +
        `then point your domain at it instead of at ${named}; lower the record's TTL a day ahead so the switch is quick to take back.`,
    );
  } else if (ebQueue && facts.workerQueueOutput) {
    steps.push(`Move the work: have whatever sends the messages send them to the new queue (the stack output \`${facts.workerQueueOutput}\`) instead of the queue of ${named}.`);
  }
  const goes = [
    'its instances',
    ...(addresses.length > 0 ? ['its load balancer'] : []),
    ...(ebQueue ? ['the queue EB created (let it drain first)'] : []),
    ...(diagnostics.some((d) => d.rule === 'eb/rds-coupled') ? ['the database EB created, unless you decoupled it first'] : []),
  ];
  steps.push(`Keep ${named} until nothing reaches it, then terminate it (\`eb terminate${env ? ` ${env.name}` : ''}\`), which deletes ${andList(goes)}.`);
  return steps;
}

/** For a live EB environment whose properties hold every value of the stack's secret: the script that copies them. */
function copyFromEb(app: Application, facts: BuildFacts): string {
  const names = secretsFromEb(app, facts);
  const env = app.source.environment;
  if (!names || !env) return '';
  const command = facts.ssmParameters ? 'sh cloudformation/secrets-from-eb.sh' : 'sh cloudformation/secrets-from-eb.sh <stack>';
  return ` \`${command}\` ${facts.ssmParameters ? 'creates' : 'copies'} them (${andList(names.map((n) => `\`${n}\``))}) from the environment \`${env.name}\`, without writing them anywhere.`;
}

/** `P=… Q=…`: parameter overrides, each to be given a value. */
function overrides(parameters: string[], value = '…'): string {
  return parameters.map((p) => `${p}=${value}`).join(' ');
}

/**
 * How a later version is released: through the stack's image parameters, in two updates when
 * one-off tasks must run first (the jobs' image parameters, see the CloudFormation emitter's
 * `ImagePlan`); else, for jobs, through `jobs/` with a task definition registered by hand.
 */
function releaseSteps(app: Application, facts: BuildFacts): string[] {
  const { services, forJobs } = facts.imageParameters;
  const jobs = Object.values(forJobs).sort();
  const n = app.jobs.length;
  const tasks = `the one-off task${n > 1 ? 's (in the order above)' : ''}`;
  const usage = services.length === 1 ? '<stack> <image>' : `<stack> ${services.map((p) => `${p}=<image>`).join(' ')}`;
  const script =
    ` \`sh cloudformation/release.sh ${usage}\` does ${jobs.length > 0 ? `these steps, checking that ${n > 1 ? 'each task exits' : 'the task exits'} with 0` : 'this'}.` +
    ' Give each image a tag of its own (the commit SHA): with the tag of the last release, CloudFormation sees no change.';
  if (jobs.length > 0) {
    return [
      `To release a new image later: \`aws cloudformation deploy … --parameter-overrides ${overrides(jobs)}\` (only the one-off tasks' task definitions change), ` +
        `run ${tasks} with the \`Job…Command\` output${n > 1 ? 's' : ''} and wait for ${n > 1 ? 'each' : 'it'} to succeed, then ` +
        `\`aws cloudformation deploy … --parameter-overrides ${overrides(services)} ${overrides(jobs, '')}\`: the services start the new image only after ${n > 1 ? 'the tasks' : 'the task'} ran with it. Parameters you leave out keep their values.` +
        script,
    ];
  }
  const steps: string[] = [];
  if (services.length > 0) {
    steps.push(`To release a new image later: \`aws cloudformation deploy … --parameter-overrides ${overrides(services)}\` (parameters you leave out keep their values).${script}`);
  }
  if (n > 0) {
    steps.push(
      `For each later deploy of a new image, run ${tasks} first with that image: register a task definition for it (from \`task-definitions/\`), run \`jobs/\` with it, then update the stack.`,
    );
  }
  return steps;
}

/** What the CI workflow does, and what it needs before its first run. */
function workflowStep(app: Application, options: EmitOptions): string {
  const layout = options.repository ?? DEFAULT_LAYOUT;
  const images = workflowImages(app, options);
  const built = images.filter((i) => i.notBuilt === undefined).map((i) => i.parameter);
  return (
    `\`${workflowPath(app)}\` releases from GitHub Actions: move it to \`.github/workflows/\` at the root of the repository, then create the role and set the repository variables its header names (AWS_REGION, AWS_ROLE_ARN, ECS_STACK). ` +
    (built.length > 0 ? `A push to \`${layout.branch}\` then builds ${andList(built)}, pushes ${built.length > 1 ? 'them' : 'it'} to Amazon ECR and releases ${built.length > 1 ? 'them' : 'it'}; ` : 'Then ') +
    `a run by hand ${images.length > 0 ? 'releases the images you name, or ' : ''}stops or starts the services.`
  );
}

export async function emitReport(app: Application, options: EmitOptions): Promise<EmittedFile[]> {
  const diagnostics = options.diagnostics ?? [];
  const ssm = app.settings.secretsBackend === 'ssm';
  const createdSecrets = app.secrets.filter((s) => !s.existing && s.reason !== 'registry-credentials');
  // Secrets without a value yet, and jobs to run first: the stack starts stopped until then (see the Running parameter).
  const first = startsStopped(app);
  const pending = first.secrets.length > 0 || first.jobs.length > 0;
  // Of those, the ones the stack itself creates, empty (Secrets Manager; registry credentials always).
  const stackSecrets = app.secrets.some((s) => !s.existing && (!ssm || s.reason === 'registry-credentials'));
  const schedule = scheduleLines(app);
  const groups = imageGroups(app);
  const facts = templateFacts(app, options);
  const view = {
    header: `Generated by ecsify ${options.version} from ${options.inputLabel}. Regenerate rather than edit.`,
    app: app.name,
    summary:
      `${servicesAndJobs(app.services, 'ECS service')} on ` +
      `${app.settings.launchType === 'fargate' ? 'AWS Fargate' : 'EC2 container instances'}, ` +
      `${diagnostics.filter((d) => d.severity === 'warning').length} item(s) that need your attention, ` +
      `${diagnostics.filter((d) => d.severity === 'info').length} approximation(s) or note(s).`,
    sourceKind: app.source.kind,
    files: app.source.files.length > 0 ? app.source.files : ['(none)'],
    environment: environmentLine(app),
    detection: app.source.detection ?? app.source.kind,
    launchType: app.settings.launchType === 'fargate' ? 'Fargate' : 'EC2',
    secretsStore: ssm ? `SSM Parameter Store under /${app.name}/` : `one Secrets Manager secret holding JSON keys`,
    services: app.services.map((s) => ({
      name: s.name,
      role: s.role,
      containers: s.task.containers.map((c) => c.name).join(', '),
      images: [...new Set(s.task.containers.map(imageText))].join(', '),
      size: size(app, s),
      desired: s.role === 'job' ? 'one-off' : s.scaling ? `${s.desiredCount} (${s.scaling.min}–${s.scaling.max})` : String(s.desiredCount),
    })),
    ingress: ingressLines(app),
    images: [...groups.values()].map((g) => {
      const first = g.users[0]!;
      return {
        container: g.users.map((u) => (u.container.name === u.service.name ? u.service.name : `${u.service.name}/${u.container.name}`)).join(', '),
        how: imageHow(first.container),
        parameter: `\${${imagePlaceholder(groups, first.service, first.container)}}`,
      };
    }),
    secretsIntro: ssm
      ? `Create each parameter below as a SecureString before deploying (CloudFormation cannot create SecureString parameters): \`aws ssm put-parameter --type SecureString --name /${app.name}/NAME --value …\`.`
      : `The stack creates one Secrets Manager secret, empty; once the stack exists, put the values in with \`aws secretsmanager put-secret-value\` (a JSON object with one key per name below; the stack output \`SecretsToFill\` has the command) before the services start.`,
    secrets: app.secrets.map((s) => ({
      name: s.name,
      reason: SECRET_REASONS[s.reason] ?? s.reason,
      where: s.existing
        ? `existing ${existingSecretStore(app, s) === 'ssm' ? 'parameter' : 'secret'} ${s.existing.arn}${s.existing.jsonKey ? ` (key ${s.existing.jsonKey})` : ''}`
        : s.reason === 'registry-credentials'
          ? 'a Secrets Manager secret with username and password'
          : ssm
            ? `/${app.name}/${s.name}`
            : `key ${s.name} of the app secret`,
    })),
    excluded: app.excluded.map((e) => ({
      name: e.name,
      parameter: e.parameter,
      alternative: e.alternative ? `move it to ${e.alternative}.` : 'run it outside ECS.',
    })),
    jobs: app.jobs.map((j) => ({ name: j.name, command: jobCommand(j, app.services)?.join(' ') ?? '', service: j.service, file: `jobs/${j.name}.json` })),
    schedule,
    scheduleUtc: schedule.some((l) => l.endsWith(UTC_NOTE)),
    attention: diagnostics.filter((d) => d.severity !== 'info').map(diagLine),
    notes: diagnostics.filter((d) => d.severity === 'info').map(diagLine),
    nextSteps: [
      ...(app.services.some((s) => s.task.containers.some((c) => c.image.kind !== 'ref')) ? ['Build and push the images listed above.'] : []),
      // CloudFormation cannot create SecureString parameters: they come first.
      ...(ssm && createdSecrets.length > 0 ? ['Create the SSM parameters listed under Secrets, as SecureString.' + copyFromEb(app, facts)] : []),
      'Deploy `cloudformation/template.yaml` with `aws cloudformation deploy --capabilities CAPABILITY_IAM` into your VPC, or register the files in `task-definitions/` yourself after filling their `${…}` placeholders (with `envsubst`, name them: `envsubst \'$AWS_REGION $EXECUTION_ROLE_ARN …\'`; without the names it also empties the commands\' own `$VARIABLES`).' +
        (pending ? ` The stack starts with \`Running=false\`: its services stay stopped until ${[...(first.secrets.length > 0 ? ['the secrets have values'] : []), ...(first.jobs.length > 0 ? ['the one-off tasks have run'] : [])].join(' and ')}.` : ''),
      // Secrets Manager secrets the stack creates exist, empty, only once it is deployed.
      ...(stackSecrets ? ['Put the values into the secrets the stack created (see Secrets and the stack outputs).' + copyFromEb(app, facts)] : []),
      // Jobs run on the stack's task definitions (they exist once it is deployed) and before the app starts.
      ...(first.jobs.length > 0
        ? [
            `Run the one-off task${first.jobs.length > 1 ? `s in this order, ${first.jobs.map((j) => `\`${j.name}\``).join(' then ')},` : ` \`${first.jobs[0]?.name}\``} with the command${first.jobs.length > 1 ? 's' : ''} in the stack output${first.jobs.length > 1 ? 's' : ''} \`Job…Command\` (on the stack's task definitions), and wait for ${first.jobs.length > 1 ? 'each' : 'it'} to succeed. ` +
              `\`sh cloudformation/release.sh <stack> --start\` does this and the next step, checking that ${first.jobs.length > 1 ? 'each task exits' : 'the task exits'} with 0.`,
          ]
        : []),
      ...(pending
        ? [
            'Update the stack with `Running=true` (`aws cloudformation deploy … --parameter-overrides Running=true`' +
              (first.jobs.length > 0 ? '' : ', or `sh cloudformation/release.sh <stack> --start`') +
              ') to start the services.',
          ]
        : []),
      `Logs go to the CloudWatch log group \`/ecs/<stack name>\` that the stack creates (its \`LogGroupName\` output); the files in \`task-definitions/\` log to \`${logGroupName(app)}\` instead.`,
      ...cutoverSteps(app, facts, diagnostics),
      // The stop/start switch (Running): the whole environment down to 0 tasks and back.
      '`sh cloudformation/release.sh <stack> --stop` stops every service (0 tasks; the stack, its load balancer and data stay) and `--start` starts them again' +
        (first.jobs.length > 0 ? ', after running the one-off tasks.' : '.'),
      ...releaseSteps(app, facts),
      ...(options.kinds?.includes('cdk')
        ? [
            `\`cdk/\` holds the same stack as an AWS CDK app in TypeScript (L1 constructs, the same logical ids), for keeping the infrastructure in code: \`npm install\`, then \`npx cdk deploy --parameters VpcId=… --parameters PrivateSubnetIds=… …\` (once per account and Region, \`npx cdk bootstrap\` first). A stack deployed from the template can be updated from the app, and the other way round.`,
          ]
        : []),
      ...(options.kinds?.includes('ci') ? [workflowStep(app, options)] : []),
      'Review the items that need your attention, then run `ecsify lint` in CI to keep the input ECS-ready.',
    ],
  };
  const contents = await renderTemplate('report/MIGRATION.md.hbs', view);
  return [{ path: 'MIGRATION.md', contents }];
}
