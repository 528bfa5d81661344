/**
 * Secret values outside their own variable. Parsers turn a variable judged secret into a
 * reference and drop its value, but the same value can be written elsewhere too: interpolated
 * into another variable (`OTHER: ${DB_PASSWORD}`, `DSN: "user=app ${DB_PASSWORD}"`), a command,
 * an entrypoint, a health check or a label; and a literal token (`sk_live_…`) can sit in a
 * command or a label, which nothing classifies. This pass walks every string of the application
 * (every field, so a field added to the IR later is covered too; only origins are skipped) and
 * looks for the values registered with the reporter and, in commands, entrypoints, health checks
 * and labels, for unmistakable token shapes (`findTokens`):
 * - a plain environment variable holding one becomes a secret reference under its own name,
 *   exactly like a plaintext secret (`secrets/plaintext-value`), its value dropped;
 * - anywhere else the string is an error (`secrets/value-in-field`): ECS can inject a secret
 *   only as an environment variable. The value is masked in the IR, so nothing downstream
 *   (`--dump-ir-after`, a later pass copying the string) can print it.
 * Diagnostics name the field and the secret's variable, never the value.
 *
 * It runs first: the IR dumped after any pass (`--dump-ir-after`) then holds no secret value,
 * and what later passes copy (a health-check URL into a target, a variable into a template) is
 * already masked. Plain variables the secrets pass will turn into references next are
 * classified here too, so their values are looked for in the same sweep.
 */
import { MASK, registeredSecrets, type Reporter } from '../diagnostics/context.js';
import { commandWordPattern, secretPattern } from '../diagnostics/secret-pattern.js';
import type { Application, Container, EnvVar, Origin, Secret, Service } from '../ir/types.js';
import { checkFromEnvironment, type Substitution } from '../secrets/check-from-environment.js';
import { classifySecret, commandLinePasswords, findTokens, type SecretPolicy } from '../secrets/classify.js';
import { andList } from '../util/and-list.js';
import { secretHosts, serviceHosts } from '../util/host-uses.js';
import { withAddedSecrets } from './lib/update.js';
import type { Pass } from './pass.js';


type Seg = string | number;

/** One secret found in a string: the variable it belongs to, or the token shape it has. */
type Finding = { name: string | undefined } | { what: string };

interface Scan {
  text: string;
  findings: Finding[];
}

/**
 * Finds registered secret values (with the reporter's kind of pattern, `secretPattern`: the
 * longest value at each position) and, where asked, token shapes in strings, and masks them.
 */
class Finder {
  private readonly pattern: RegExp | undefined;
  /**
   * Strings shorter than this hold no registered value, and shorter than `shortWithTokens` no
   * token shape either (`findTokens` needs 8 characters): they are passed without a lookup. Most
   * keys and many strings of the IR are that short (`name`, `kind`, `tcp`): in the generated
   * 1000-service file, 72,000 of the 124,000 strings and keys are shorter than 8 characters.
   */
  readonly short: number;
  readonly shortWithTokens: number;
  /** Scans by string, without and with token shapes: each distinct string is scanned once per kind. */
  private readonly scans = [new Map<string, Scan | null>(), new Map<string, Scan | null>()];

  constructor(
    private readonly values: ReadonlyMap<string, string | undefined>,
    private readonly reporter: Reporter,
    /** Passwords written as command options (`commandLinePasswords`): said as such. */
    private readonly optionPasswords: ReadonlySet<string> = new Set(),
  ) {
    // The reporter registers nothing shorter than four characters; this only guards the pattern.
    const indexed = [...values.keys()].filter((v) => v.length >= 3);
    this.pattern = indexed.length > 0 ? secretPattern(indexed) : undefined;
    let shortest = Infinity;
    for (const v of indexed) if (v.length < shortest) shortest = v.length;
    this.short = shortest;
    this.shortWithTokens = Math.min(shortest, MIN_TOKEN_LENGTH);
  }

  /**
   * The string with every secret masked and what was found; undefined when nothing was.
   * Remembered per string: the same image names, commands and values recur in every service of
   * a large project, and a scan depends only on the text (its `redact` of a token is idempotent).
   */
  scan(text: string, tokens: boolean): Scan | undefined {
    if (text.length < (tokens ? this.shortWithTokens : this.short)) return undefined;
    // One lookup per string (`null`: scanned, nothing found): this runs for every string and
    // every key of the application.
    const memo = this.scans[tokens ? 1 : 0] as Map<string, Scan | null>;
    let found = memo.get(text);
    if (found === undefined) {
      found = this.scanOnce(text, tokens) ?? null;
      memo.set(text, found);
    }
    return found ?? undefined;
  }

  /** Where registered values stand in `text`, each with the variable it came from (when known). */
  locate(text: string): { index: number; length: number; name: string | undefined }[] {
    const p = this.pattern;
    if (!p || text.length < this.short) return [];
    const out: { index: number; length: number; name: string | undefined }[] = [];
    p.lastIndex = 0;
    for (let m = p.exec(text); m; m = p.exec(text)) out.push({ index: m.index, length: m[0].length, name: this.values.get(m[0]) });
    p.lastIndex = 0;
    return out;
  }

  private scanOnce(text: string, tokens: boolean): Scan | undefined {
    let findings: Finding[] | undefined;
    let out = text;
    if (this.pattern) {
      out = text.replace(this.pattern, (v: string) => {
        (findings ??= []).push(this.optionPasswords.has(v) ? OPTION_PASSWORD : { name: this.values.get(v) });
        return MASK;
      });
    }
    if (tokens) {
      const found = findTokens(out);
      for (let i = found.length - 1; i >= 0; i--) {
        const t = found[i] as (typeof found)[number];
        // Registered, so the code frames of every diagnostic mask the line that holds it.
        this.reporter.redact(out.slice(t.index, t.index + t.length));
        out = out.slice(0, t.index) + MASK + out.slice(t.index + t.length);
      }
      if (found.length > 0) (findings ??= []).push(...found.map((t) => ({ what: t.what })));
    }
    return findings ? { text: out, findings } : undefined;
  }
}

const OPTION_PASSWORD = { what: 'a password given on the command line (an option, or a variable it sets)' } as const satisfies Finding;

/**
 * Adds the passwords `command` gives as options (`commandLinePasswords`) to `into`, and notes
 * them by the command's list in `fields`.
 */
function addOptionPasswords(into: Set<string>, fields: Map<readonly string[], string[]>, command: readonly string[] | undefined): void {
  if (!command) return;
  const found = commandLinePasswords(command);
  for (const p of found) into.add(p);
  if (found.length > 0) fields.set(command, found);
}

/** `findTokens` finds nothing in a shorter string. */
const MIN_TOKEN_LENGTH = 8;

/** Container fields (first segment below the container) whose strings may hold a token shape. */
const TOKEN_FIELDS: ReadonlySet<string> = new Set(['command', 'entryPoint', 'healthCheck', 'labels']);

interface Walk {
  app: Application;
  finder: Finder;
  policy: SecretPolicy;
  reporter: Reporter;
  /** Services left out of the deployment: their strings are masked, not reported. */
  excluded: ReadonlySet<string>;
  /** Places already reported (`field@origin@secret`), so a list reports once per field. */
  reported: Set<string>;
  /** Variables turned into references here, with the origin of the first. */
  converted: Map<string, Origin | undefined>;
  /** Plain variables the classifier marks secret: left to the secrets pass. */
  judged: WeakSet<EnvVar>;
  /** Host names of the services, built when a variable is first converted. */
  hosts?: Map<string, string>;
  /**
   * Commands (by their list) that give as an option a password too plain to be looked for
   * anywhere else (`redispass`): the pattern of those words (`commandWordPattern`), found as
   * words of that command only. A plain word can also be a host or a program name (`redis`) in
   * other commands.
   */
  plainOptions: Map<readonly string[], RegExp>;
}

export const secretSweep: Pass = {
  name: 'secret-sweep',
  run(app, ctx) {
    const policy: SecretPolicy = { secretNames: app.settings.secretNames, notSecretNames: app.settings.notSecretNames };
    // Plain variables the secrets pass (next) will turn into references: their values count
    // already, so a copy elsewhere is found in this one sweep.
    const judged = new WeakSet<EnvVar>();
    const optionPasswords = new Set<string>();
    const optionFields = new Map<readonly string[], string[]>();
    // Verdicts by name, then value: services share variables (an anchor, an env_file), and a
    // verdict depends only on the name, the value and the policy.
    const verdicts = new Map<string, Map<string, boolean>>();
    // Indexed loops: `for…of` allocates an iterator result per item in the interpreter, where
    // this first pass runs (0.5 MB here on the benchmark file).
    const services = app.services;
    for (let i = 0; i < services.length; i++) {
      const containers = (services[i] as Service).task.containers;
      for (let j = 0; j < containers.length; j++) {
        const container = containers[j] as Container;
        // Passwords written as command options count as secret values: found wherever they are
        // when distinctive, else in the command that gives them (`Walk.plainOptions`).
        addOptionPasswords(optionPasswords, optionFields, container.command);
        addOptionPasswords(optionPasswords, optionFields, container.entryPoint);
        addOptionPasswords(optionPasswords, optionFields, container.healthCheck?.command);
        const environment = container.environment;
        for (let k = 0; k < environment.length; k++) {
          const e = environment[k] as EnvVar;
          if (!('value' in e)) continue;
          let byValue = verdicts.get(e.name);
          if (!byValue) verdicts.set(e.name, (byValue = new Map()));
          let secret = byValue.get(e.value);
          if (secret === undefined) {
            secret = classifySecret(e.name, e.value, policy).secret;
            byValue.set(e.value, secret);
          }
          if (secret) {
            ctx.reporter.redact(e.value, e.name);
            judged.add(e);
          }
        }
      }
    }
    for (const job of app.jobs) addOptionPasswords(optionPasswords, optionFields, job.command);
    for (const p of optionPasswords) ctx.reporter.redact(p);
    // The reporter keeps only distinctive values: the finder looks for those everywhere; the
    // plain ones are looked for in their own command.
    const distinctive = registeredSecrets(ctx.reporter);
    const plainOptions = new Map<readonly string[], RegExp>();
    for (const [command, found] of optionFields) {
      const plain = found.filter((p) => !distinctive.has(p));
      if (plain.length > 0) plainOptions.set(command, commandWordPattern(plain));
    }
    const w: Walk = {
      app,
      finder: new Finder(distinctive, ctx.reporter, optionPasswords),
      policy,
      reporter: ctx.reporter,
      excluded: new Set(app.settings.exclude),
      reported: new Set(),
      converted: new Map(),
      judged,
      plainOptions,
    };
    let next = sweep(healthChecksFromEnvironment(app, w), [], 0, undefined, false, w) as Application;
    if (next === app) return app;
    return withAddedSecrets(
      next,
      [...w.converted].map(([name, origin]): Secret => ({ name, reason: 'value', ...(origin ? { origin } : {}) })),
    );
  },
};

/**
 * Health checks that hold the value of a secret the container has as a variable read it from
 * that variable instead (`checkFromEnvironment`; `secrets/health-check-from-env`), rather than
 * being `secrets/value-in-field` errors: the check runs inside the container, where ECS sets the
 * variable. Only when every secret in the check can be read so: a literal token, a value of no
 * known variable, one the container does not have, or a plain option password leave the check to
 * the sweep, which reports it.
 */
function healthChecksFromEnvironment(app: Application, w: Walk): Application {
  let services: Service[] | undefined;
  for (let i = 0; i < app.services.length; i++) {
    const service = app.services[i] as Service;
    if (w.excluded.has(service.name)) continue;
    let containers: Container[] | undefined;
    for (let j = 0; j < service.task.containers.length; j++) {
      const container = service.task.containers[j] as Container;
      const check = container.healthCheck;
      if (!check || w.plainOptions.has(check.command)) continue;
      const subs: Substitution[] = [];
      let readable = true;
      for (let k = 1; k < check.command.length && readable; k++) {
        for (const f of w.finder.locate(check.command[k] as string)) {
          const name = f.name;
          if (name === undefined || !container.environment.some((e) => e.name === name && ('secret' in e || w.judged.has(e)))) readable = false;
          else subs.push({ word: k, index: f.index, length: f.length, name });
        }
      }
      if (!readable || subs.length === 0) continue;
      // A token shape left once the values are masked (as the sweep finds them): no variable holds it.
      const masked = check.command.map((word, k) => {
        let out = word;
        for (const s of subs) if (s.word === k) out = out.slice(0, s.index) + '*'.repeat(s.length) + out.slice(s.index + s.length);
        return out;
      });
      if (masked.some((word, k) => k > 0 && findTokens(word).length > 0)) continue;
      const command = checkFromEnvironment(check.command, subs);
      if (!command) continue;
      (containers ??= service.task.containers.slice())[j] = { ...container, healthCheck: { ...check, command } };
      const names = [...new Set(subs.map((s) => s.name))];
      const { owner } = fieldOf(['services', i, 'task', 'containers', j, 'healthCheck'], app);
      w.reporter.report(
        'secrets/health-check-from-env',
        `The health check of ${owner} held the value of secret${names.length > 1 ? 's' : ''} ${andList(names)}; it now reads ${names.length > 1 ? 'them' : 'it'} from the container's ` +
          `${names.length > 1 ? 'variables' : 'variable'} when it runs (${andList(names.map((n) => `"$${n}"`))}), through the container's shell (CMD-SHELL).`,
        {
          origin: check.origin ?? container.origin,
          hint: `Write the check so in the input (in a Compose file \`$$${names[0]}\`, so that Compose leaves the variable to the shell). The image needs /bin/sh.`,
        },
      );
    }
    if (containers) (services ??= app.services.slice())[i] = { ...service, task: { ...service.task, containers } };
  }
  return services ? { ...app, services } : app;
}

/**
 * Copy-on-write walk of an object or a non-empty list: the same node back when nothing in it
 * changed. The path of `node` is the first `depth` segments of `segs`, an array shared by the
 * whole walk (copied only for a report; each level writes its own slot, so a walk makes no push
 * or pop call, ~90,000 of them on the benchmark file); `tokens` says whether token shapes count
 * here (see `TOKEN_FIELDS`).
 *
 * Speed: the walk visits every key of the application (~100,000 on the 1000-service benchmark
 * file) once, mostly before V8 has optimised it (its optimised code took ~25 ms to compile in the
 * background), so what counts is the work per key in the interpreter. Each value is looked at
 * here, in the loop: a string shorter than the finder's thresholds (`Finder.short`, most strings
 * and keys), a number or boolean and an empty list cost no call; only an object or a list is
 * walked by a call. One function for both (not one each, which tested a little less per node
 * but gave V8 two large functions to optimise: ~15 ms more background compilation).
 */
function sweep(node: object, segs: Seg[], depth: number, origin: Origin | undefined, tokens: boolean, w: Walk): object {
  const finder = w.finder;
  if (Array.isArray(node)) {
    if (depth === 6 && isEnvironment(segs)) return sweepEnvironment(node as EnvVar[], segs, origin, w);
    const min = tokens ? finder.shortWithTokens : finder.short;
    const plain = w.plainOptions.size > 0 ? w.plainOptions.get(node as string[]) : undefined;
    let out: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const item = node[i] as unknown;
      let next = item;
      if (typeof item === 'string') {
        if (plain) next = sweepPlainOptions(item, plain, segs, depth, i, origin, tokens, w);
        else if (item.length >= min) next = sweepString(item, segs, depth, i, origin, tokens, w);
      } else if (typeof item === 'object' && item !== null && !(Array.isArray(item) && item.length === 0)) {
        segs[depth] = i;
        next = sweep(item, segs, depth + 1, origin, tokens, w);
      }
      if (next !== item) (out ??= node.slice())[i] = next;
    }
    return out ?? node;
  }
  const obj = node as Record<string, unknown>;
  const o = obj['origin'] as Origin | undefined;
  // Whether it is an origin, tested here, not by a call: this runs for each of the ~25,000
  // objects of the benchmark file's IR.
  const here = typeof o === 'object' && o !== null && typeof o.file === 'string' && typeof o.line === 'number' ? o : origin;
  const min = tokens ? finder.shortWithTokens : finder.short;
  // Whether some keys here are token fields, worked out once per object rather than per key
  // (they sit two or five segments deep only).
  const fields = tokens || (depth !== 5 && depth !== 2) ? undefined : tokenFieldsBelow(segs, depth);
  let out: Record<string, unknown> | undefined;
  // `for…in` walks an object without building its key list (IR objects are plain data).
  for (const key in obj) {
    if (key === 'origin') continue;
    const value = obj[key];
    let below = tokens;
    let least = min;
    if (fields !== undefined && fields.has(key)) {
      below = true;
      least = finder.shortWithTokens;
    }
    let next = value;
    if (typeof value === 'string') {
      if (value.length >= least) next = sweepString(value, segs, depth, key, here, below, w);
    } else if (typeof value === 'object' && value !== null && !(Array.isArray(value) && value.length === 0)) {
      segs[depth] = key;
      next = sweep(value, segs, depth + 1, here, below, w);
    }
    // Keys of free-form maps (labels, log options, tags) are written out too.
    const keyFound = key.length >= least ? finder.scan(key, below) : undefined;
    if (keyFound) reportField(segs.slice(0, depth), here, keyFound.findings, w);
    if (next === value && !keyFound) continue;
    if (!out) out = { ...obj };
    if (keyFound) {
      delete out[key];
      out[keyFound.text] = next;
    } else out[key] = next;
  }
  return out ?? obj;
}

/**
 * A string of the application, masked, and reported at the path `segs` (its first `depth`
 * segments) and `last` (a string's own segment is added only when it holds something: most hold
 * nothing, and strings are most of the walk).
 */
function sweepString(text: string, segs: Seg[], depth: number, last: Seg | undefined, origin: Origin | undefined, tokens: boolean, w: Walk): string {
  const found = w.finder.scan(text, tokens);
  if (!found) return text;
  const path = segs.slice(0, depth);
  if (last !== undefined) path.push(last);
  reportField(path, origin, found.findings, w);
  return found.text;
}

/**
 * `sweepString` for a word of a command that gives a plain password as an option: the password
 * is masked wherever it is a word of the command (`plain`), then the rest is swept as usual.
 */
function sweepPlainOptions(text: string, plain: RegExp, segs: Seg[], depth: number, last: Seg, origin: Origin | undefined, tokens: boolean, w: Walk): string {
  let found = false;
  const masked = text.replace(plain, (_: string, lead: string) => {
    found = true;
    return lead + MASK;
  });
  const rest = masked.length >= (tokens ? w.finder.shortWithTokens : w.finder.short) ? w.finder.scan(masked, tokens) : undefined;
  if (!found && !rest) return text;
  reportField([...segs.slice(0, depth), last], origin, found ? [OPTION_PASSWORD, ...(rest?.findings ?? [])] : (rest?.findings ?? []), w);
  return rest?.text ?? masked;
}

/** `services[i].task.containers[j]` and the segments below it, or undefined. */
function containerAt(segs: readonly Seg[]): { service: number; container: number; rest: Seg[] } | undefined {
  if (segs[0] !== 'services' || segs[2] !== 'task' || segs[3] !== 'containers') return undefined;
  const [, service, , , container, ...rest] = segs;
  if (typeof service !== 'number' || typeof container !== 'number') return undefined;
  return { service, container, rest };
}

/**
 * Whether the first five segments of `segs` are `services[i].task.containers[j]` (as
 * `containerAt` reads them; the checks below run for every node, so they build nothing).
 */
function inContainer(segs: readonly Seg[]): boolean {
  return segs[0] === 'services' && typeof segs[1] === 'number' && segs[2] === 'task' && segs[3] === 'containers' && typeof segs[4] === 'number';
}

/** Whether the path, six segments long, is a container's `environment`. */
function isEnvironment(segs: readonly Seg[]): boolean {
  return segs[5] === 'environment' && inContainer(segs);
}

/** A job's field where token shapes count. */
const JOB_TOKEN_FIELDS: ReadonlySet<string> = new Set(['command']);

/**
 * The keys below the path (the first `depth` segments of `segs`) that are fields where token
 * shapes count (a container's command, labels…, a job's command), or undefined when none are.
 */
function tokenFieldsBelow(segs: readonly Seg[], depth: number): ReadonlySet<string> | undefined {
  if (depth === 5) return inContainer(segs) ? TOKEN_FIELDS : undefined;
  return depth === 2 && segs[0] === 'jobs' ? JOB_TOKEN_FIELDS : undefined;
}

/**
 * A container's variables: a plain one holding a secret value becomes a reference under its own
 * name. Variables the classifier itself marks secret are left to the secrets pass.
 */
function sweepEnvironment(env: EnvVar[], segs: Seg[], origin: Origin | undefined, w: Walk): EnvVar[] {
  let out: EnvVar[] | undefined;
  for (let i = 0; i < env.length; i++) {
    const e = env[i] as EnvVar;
    const here = e.origin ?? origin;
    let next: EnvVar = e;
    const text = 'value' in e ? e.value : 'template' in e ? e.template : undefined;
    if (text !== undefined && !w.judged.has(e)) {
      // The user's --not-secret covers token shapes in the variable's own value, not another
      // variable's secret.
      const found = w.finder.scan(text, !w.policy.notSecretNames.includes(e.name));
      if (found) next = convert(e, here, found.findings, segs.slice(0, 6), w);
    }
    // Nothing else of a variable is written but its name and references (names, not values).
    if (next !== e) (out ??= env.slice())[i] = next;
  }
  return out ?? env;
}

function convert(e: EnvVar, origin: Origin | undefined, findings: Finding[], segs: Seg[], w: Walk): EnvVar {
  const at = containerAt(segs);
  const service = at ? w.app.services[at.service] : undefined;
  const why = describe(findings, 'its value holds');
  if (!(service && w.excluded.has(service.name))) {
    const key = `env:${e.name}@${place(origin)}`;
    if (!w.reported.has(key)) {
      w.reported.add(key);
      w.reporter.report('secrets/plaintext-value', `Variable ${e.name} holds a secret in plain text (${why}).`, {
        origin,
        hint:
          'ecsify moves it to a secret reference; put the real value in Secrets Manager (or SSM with --secrets-backend ssm), ' +
          'or better, build the value at run time from the secret it contains.',
      });
    }
  }
  if (!w.converted.has(e.name)) w.converted.set(e.name, origin);
  const out: EnvVar = origin ? { name: e.name, secret: { secret: e.name }, origin } : { name: e.name, secret: { secret: e.name } };
  // The service names its value used as hosts outlive the value (EnvVar.hosts): callers keep reaching them.
  if ('value' in e) {
    const hosts = secretHosts(e.name, e.value, (w.hosts ??= serviceHosts(w.app.services)));
    if (hosts.length > 0) out.hosts = hosts;
  }
  return out;
}

function place(origin: Origin | undefined): string {
  return origin ? `${origin.file}:${origin.line}:${origin.column}` : '';
}

/** `its value holds the value of secret DB_PASSWORD and what looks like a Stripe key` */
function describe(findings: Finding[], lead: string): string {
  const parts = [
    ...new Set(
      findings.map((f) =>
        'what' in f ? `what looks like ${f.what}` : f.name !== undefined ? `the value of secret ${f.name}` : 'a value judged secret',
      ),
    ),
  ];
  return `${lead} ${parts.join(' and ')}`;
}

/** A field of the IR in the user's terms, and the kind of hint it gets. */
interface Field {
  what: string;
  kind: 'exec' | 'label' | 'other';
}

function fieldOf(segs: readonly Seg[], app: Application): { field: Field; owner: string; service?: string } {
  const at = containerAt(segs);
  if (at) {
    const service = app.services[at.service];
    const container = service?.task.containers[at.container];
    const [first, second, third] = at.rest;
    const owner = `container ${container?.name ?? '?'}${service && service.name !== container?.name ? ` of service ${service.name}` : ''}`;
    const field: Field =
      first === 'command'
        ? { what: 'command', kind: 'exec' }
        : first === 'entryPoint'
          ? { what: 'entrypoint', kind: 'exec' }
          : first === 'healthCheck'
            ? { what: 'health check', kind: 'exec' }
            : first === 'labels'
              ? { what: second === undefined ? 'labels' : `label ${String(second)}`, kind: 'label' }
              : first === 'logging' && second === 'options' && third !== undefined
                ? { what: `logging option ${String(third)}`, kind: 'other' }
                : first === 'image' && second === 'args' && third !== undefined
                  ? { what: `build argument ${String(third)}`, kind: 'other' }
                  : { what: irPath(at.rest), kind: 'other' };
    return { field, owner, ...(service ? { service: service.name } : {}) };
  }
  if (segs[0] === 'jobs' && typeof segs[1] === 'number') {
    const job = app.jobs[segs[1]];
    return { field: { what: segs[2] === 'command' ? 'command' : irPath(segs.slice(2)), kind: segs[2] === 'command' ? 'exec' : 'other' }, owner: `job ${job?.name ?? '?'}` };
  }
  if (segs[0] === 'services' && typeof segs[1] === 'number') {
    const service = app.services[segs[1]];
    return { field: { what: irPath(segs.slice(2)), kind: 'other' }, owner: `service ${service?.name ?? '?'}`, ...(service ? { service: service.name } : {}) };
  }
  return { field: { what: irPath(segs), kind: 'other' }, owner: 'the application' };
}

/** `healthCheck.command[1]`, `settings.tags.Owner` */
function irPath(segs: readonly Seg[]): string {
  return segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || 'a field';
}

function reportField(segs: Seg[], origin: Origin | undefined, findings: Finding[], w: Walk): void {
  const { field, owner, service } = fieldOf(segs, w.app);
  if (service !== undefined && w.excluded.has(service)) return; // not deployed: masked, not reported
  const names = findings.filter((f): f is { name: string } => 'name' in f && f.name !== undefined).map((f) => f.name);
  const key = `${owner}\u0000${field.what}\u0000${place(origin)}\u0000${describe(findings, '')}`;
  if (w.reported.has(key)) return;
  w.reported.add(key);
  w.reporter.report('secrets/value-in-field', `The ${field.what} of ${owner} ${describe(findings, 'holds')}; ECS can pass a secret only as an environment variable.`, {
    origin,
    hint: hintFor(field, names[0], passwordKind(findings)),
  });
}

/** Whether what was found is a password of a URL or of a command option (the hint shows how to pass each). */
function passwordKind(findings: Finding[]): 'url' | 'option' | undefined {
  if (findings.some((f) => 'what' in f && f.what === 'a URL with a password')) return 'url';
  if (findings.some((f) => 'what' in f && f.what === OPTION_PASSWORD.what)) return 'option';
  return undefined;
}

function hintFor(field: Field, name: string | undefined, password?: 'url' | 'option'): string {
  const v = name ?? (password === 'url' ? 'DB_PASSWORD' : password === 'option' ? 'APP_PASSWORD' : 'API_KEY');
  const inject = name
    ? `Give the container ${name} as an environment variable (ecsify makes it a secret reference)`
    : password
      ? `Move the password into an environment variable (${v}, say; ecsify makes it a secret reference)`
      : `Move the token into an environment variable (${v}, say; ecsify makes it a secret reference)`;
  const example =
    field.what === 'health check'
      ? `\`["CMD-SHELL", "curl -fu admin:\\"$${v}\\" http://localhost/"]\``
      : password === 'url' && !name
        ? `\`["sh", "-c", "exec app --db \\"postgres://app:$${v}@db/app\\""]\``
        : password === 'option' && !name
          ? `\`["sh", "-c", "exec redis-server --requirepass \\"$${v}\\""]\``
          : `\`["sh", "-c", "exec app --key \\"$${v}\\""]\``;
  switch (field.kind) {
    case 'exec':
      return (
        `${inject} and read it at run time instead of writing the value: ${example} (in a Compose file write ` +
        `\`$$${v}\`, so that Compose leaves it to the shell). ecsify masked the value in its output.`
      );
    case 'label':
      return 'Labels are plain metadata (shown by DescribeTaskDefinition and `docker inspect`) and cannot refer to a secret: remove the value from the label.';
    default:
      return 'This field cannot refer to a secret: remove the value; if the app needs it, pass it as an environment variable (ecsify makes it a secret reference).';
  }
}
