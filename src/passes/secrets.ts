/**
 * Secrets, after parsing. Parsers already turned secret variables into references and dropped
 * their values (`src/secrets/env-var.ts`); this pass makes the result consistent:
 * - a plain variable that the user's word or the classifier marks as secret (a parser that missed
 *   it, a setting that arrived late) is turned into a reference here, its value dropped;
 * - every reference names a defined secret, with a name the chosen backend accepts
 *   (Secrets Manager JSON key `<arn>:<KEY>::`, or SSM parameter `/<app>/<KEY>`);
 * - the user's `--secret` / `--not-secret` names exist and do not contradict each other;
 * - the app's KMS key (`x-ecsify.secrets-kms-key`) goes to every secret that names none.
 * (Secrets Compose mounts as files are reported by the Compose front end: `compose/secret-file`.)
 */
import type { Application, Container, EnvVar, Origin, Secret, SecretFile, Service } from '../ir/types.js';
import { classifyEnvVar, collectedSecrets, newSecretCollector } from '../secrets/env-var.js';
import { updateContainers, updateServices, withAddedSecrets } from './lib/update.js';
import { serviceHosts } from '../util/host-uses.js';
import type { Pass, PassContext } from './pass.js';

/** SSM parameter names: letters, digits, `_ . -` per level; the whole name at most 1011 characters. */
const SSM_KEY = /^[A-Za-z0-9_.-]+$/;
const SSM_MAX = 1011;

export const secrets: Pass = {
  name: 'secrets',
  run(app, ctx) {
    const { secretNames, notSecretNames } = app.settings;
    for (const name of [...new Set(secretNames.filter((n) => notSecretNames.includes(n)))].sort()) {
      ctx.reporter.report('secrets/conflicting-user-names', `${name} is marked both secret and not secret; it stays in plain text.`, {
        hint: `Remove ${name} from --secret / x-ecsify.secrets or from --not-secret.`,
      });
    }

    // Safety net: classify plain values again with the application's policy.
    const collector = newSecretCollector({ secretNames, notSecretNames }, ctx.reporter);
    collector.hosts = serviceHosts(app.services);
    const plain = new Map<string, Set<string>>();
    let next = withAddedSecrets(
      updateServices(app, (s) => updateContainers(s, (c) => reclassify(collector, plain, c))),
      collectedSecrets(collector),
    );

    // The app's key encrypts every secret that names none of its own (execution role: kms:Decrypt).
    const key = app.settings.secretsKmsKeyArn;
    if (key && next.secrets.some((s) => !s.kmsKeyArn)) {
      next = { ...next, secrets: next.secrets.map((s) => (s.kmsKeyArn ? s : { ...s, kmsKeyArn: key })) };
    }

    checkReferences(next, ctx);
    checkNames(next, ctx);
    checkArns(next, ctx);
    checkUserNames(next, ctx);
    return next;
  },
};

/**
 * `c` with its plain variables classified again. `plain` holds the values found plain, by name:
 * classifying one again would only build a variable to throw away (a verdict depends on the name
 * and value alone, and a plain one reports nothing), and services share most of their variables.
 */
function reclassify(collector: ReturnType<typeof newSecretCollector>, plain: Map<string, Set<string>>, c: Container): Container {
  let environment: EnvVar[] | undefined;
  for (let i = 0; i < c.environment.length; i++) {
    const e = c.environment[i] as EnvVar;
    if (!('value' in e) || plain.get(e.name)?.has(e.value)) continue;
    const out = classifyEnvVar(collector, e.name, e.value, e.origin);
    if ('secret' in out) (environment ??= c.environment.slice())[i] = out;
    else {
      let values = plain.get(e.name);
      if (!values) plain.set(e.name, (values = new Set()));
      values.add(e.value);
    }
  }
  return environment ? { ...c, environment } : c;
}

/**
 * Reports the references to secrets that are not defined, in IR order. Plain indexed loops, not
 * a generator of references nor `for…of`: they visit every variable of the application, and in
 * the interpreter each step of either allocated (≈0.6 MB on the 1000-service benchmark file).
 */
function checkReferences(app: Application, ctx: PassContext): void {
  const defined = new Set<string>();
  for (let i = 0; i < app.secrets.length; i++) defined.add((app.secrets[i] as Secret).name);
  const report = (container: Container, what: string, name: string, origin: Origin | undefined) => {
    ctx.reporter.report('secrets/undefined-reference', `${what} of container ${container.name} refers to secret ${name}, which is not defined.`, {
      origin,
      hint: `Define the secret ${name} (Compose top-level \`secrets:\`), or remove the reference.`,
    });
  };
  const services = app.services;
  for (let i = 0; i < services.length; i++) {
    const containers = (services[i] as Service).task.containers;
    for (let j = 0; j < containers.length; j++) {
      const container = containers[j] as Container;
      const environment = container.environment;
      for (let k = 0; k < environment.length; k++) {
        const e = environment[k] as EnvVar;
        if ('secret' in e && !defined.has(e.secret.secret)) report(container, `Variable ${e.name}`, e.secret.secret, e.origin ?? container.origin);
      }
      const files = container.secretFiles;
      if (files) {
        for (let k = 0; k < files.length; k++) {
          const f = files[k] as SecretFile;
          if (!defined.has(f.secret)) report(container, `The secret file ${f.path}`, f.secret, f.origin ?? container.origin);
        }
      }
      const credentials = container.repositoryCredentials;
      if (credentials && !defined.has(credentials.secret)) {
        report(container, 'The registry credentials', credentials.secret, container.image.origin ?? container.origin);
      }
    }
  }
}

function checkNames(app: Application, ctx: PassContext): void {
  for (const s of app.secrets) {
    if (s.existing) continue; // an existing secret is referenced by its ARN, not by this name
    if (app.settings.secretsBackend === 'secretsmanager') {
      if (s.name.includes(':')) {
        ctx.reporter.report('secrets/invalid-name', `Secret ${s.name} contains \`:\`, which cannot be a Secrets Manager JSON key in an ECS reference.`, {
          origin: s.origin,
          hint: 'Rename it without `:`.',
        });
      }
      continue;
    }
    const full = `/${app.name}/${s.name}`;
    if (!SSM_KEY.test(s.name) || full.length > SSM_MAX) {
      ctx.reporter.report('secrets/invalid-name', `Secret ${s.name} cannot be the SSM parameter ${full}.`, {
        origin: s.origin,
        hint: `SSM parameter names use letters, digits, \`_\`, \`.\` and \`-\` (at most ${SSM_MAX} characters); rename it, or use --secrets-backend secretsmanager.`,
      });
    }
  }
}

/**
 * What is wrong with the ARN of an existing secret, if anything: ECS takes a Secrets Manager
 * secret or an SSM parameter, in a Region and an account (examples often leave `xxx` or
 * `123456789` in the account).
 */
export function arnProblem(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return 'it does not have the six parts arn:partition:service:region:account:resource';
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!/^aws(-[a-z]+)*$/.test(partition)) return `the partition \`${partition}\` is not an AWS partition (aws, aws-cn, aws-us-gov)`;
  if (service !== 'secretsmanager' && service !== 'ssm') return `the service \`${service}\` is neither secretsmanager nor ssm`;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return region === '' ? 'it names no Region' : `the Region \`${region}\` is not a Region name`;
  if (!/^\d{12}$/.test(account)) return account === '' ? 'it names no account' : `the account \`${account}\` is not a 12-digit account id`;
  if (service === 'secretsmanager' && !/^secret:./.test(resource)) return 'a Secrets Manager ARN ends in `secret:<name>`';
  if (service === 'ssm' && !/^parameter\/./.test(resource)) return 'an SSM ARN ends in `parameter/<name>`';
  return undefined;
}

/** Existing secrets given by ARN: the ARN must be one ECS can read (it is checked only when the task starts). */
function checkArns(app: Application, ctx: PassContext): void {
  for (const s of app.secrets) {
    const arn = s.existing?.arn;
    if (!arn?.startsWith('arn:')) continue;
    const problem = arnProblem(arn);
    if (!problem) continue;
    ctx.reporter.report('secrets/invalid-arn', `Secret ${s.name} points at \`${arn}\`, which is not a valid ARN: ${problem}.`, {
      origin: s.origin,
      hint: 'Write the full ARN of the secret, e.g. arn:aws:secretsmanager:eu-west-1:111122223333:secret:my-secret, or its name.',
    });
  }
}

function checkUserNames(app: Application, ctx: PassContext): void {
  // Most runs name none: then no set of every variable name (10,000 adds on the benchmark file).
  if (app.settings.secretNames.length === 0 && app.settings.notSecretNames.length === 0) return;
  const seen = new Set<string>(app.secrets.map((s) => s.name));
  for (const s of app.services) for (const c of s.task.containers) for (const e of c.environment) seen.add(e.name);
  const report = (name: string, flag: string) => {
    if (seen.has(name)) return;
    ctx.reporter.report('secrets/unused-user-name', `${flag} ${name} names no variable of any service.`, {
      hint: 'Variable names are case-sensitive; check the spelling.',
    });
  };
  for (const n of [...new Set(app.settings.secretNames)].sort()) report(n, '--secret');
  for (const n of [...new Set(app.settings.notSecretNames)].sort()) report(n, '--not-secret');
}
