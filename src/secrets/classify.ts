/**
 * Decides whether an environment variable holds a secret, from its name, its value, and the
 * user's word. Parsers call this while reading, so a secret value is dropped before it reaches
 * the IR (see `env-var.ts`).
 */
import { secretPattern } from '../diagnostics/secret-pattern.js';
import { memoByText } from '../util/memo.js';

export type SecretVerdict =
  | { secret: false }
  | { secret: true; reason: 'name' | 'value' | 'user'; why: string };

export interface SecretPolicy {
  /** Names the user declared secret (`--secret`, `x-ecsify.secrets`). */
  secretNames: readonly string[];
  /** Names the user declared not secret (`--not-secret`). */
  notSecretNames: readonly string[];
}

/** Name fragments that mark a secret, matched against `_`/`-`/`.`-separated words. */
const SECRET_WORDS = [
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PWD',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'APIKEY',
  'CREDENTIALS',
  'CREDENTIAL',
  'CREDS',
  'DSN',
  'PASSPHRASE',
  'SALT',
  'SIGNATURE',
  'AUTH',
];
/** Word pairs that mark a secret only together. */
const SECRET_PAIRS: [string, string][] = [
  ['API', 'KEY'],
  ['ACCESS', 'KEY'],
  ['SECRET', 'KEY'],
  ['PRIVATE', 'KEY'],
  ['ENCRYPTION', 'KEY'],
  ['MASTER', 'KEY'],
  ['SIGNING', 'KEY'],
  ['LICENSE', 'KEY'],
  ['CLIENT', 'SECRET'],
  ['KEY', 'BASE'],
  ['APP', 'KEY'],
  ['AUTH', 'KEY'],
  ['WEBHOOK', 'KEY'],
  ['SERVICE', 'KEY'],
  ['ACCOUNT', 'KEY'],
  ['STORAGE', 'KEY'],
  ['SUBSCRIPTION', 'KEY'],
  ['CONSUMER', 'KEY'],
  ['DEPLOY', 'KEY'],
  ['SSH', 'KEY'],
  ['GPG', 'KEY'],
  ['HMAC', 'KEY'],
  ['CONNECTION', 'STRING'],
];
/** Trailing words that describe a setting about a secret rather than the secret itself. */
const NOT_SECRET_SUFFIXES = new Set([
  'FILE',
  'PATH',
  'LENGTH',
  'LEN',
  'MIN',
  'MAX',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  'TTL',
  'TIMEOUT',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'ENABLED',
  'ENABLE',
  'DISABLED',
  'REQUIRED',
  'POLICY',
  'ALGORITHM',
  'TYPE',
  'NAME',
  'USER',
  'USERNAME',
  'ID',
  'REGION',
  'HEADER',
  'MODE',
  'PROVIDER',
  'METHOD',
  'BACKEND',
  'SOURCE',
  'ROTATION',
  'DAYS',
  'HOURS',
  'SECONDS',
  'DOMAIN',
  'ISSUER',
  'AUDIENCE',
  'CALLBACK',
  'REDIRECT',
  'SCOPE',
  'SCOPES',
  'STRATEGY',
  'REALM',
  'VERSION',
  'FORMAT',
  'PREFIX',
  'DIR',
  'FOLDER',
  'HASHER',
  'HASHERS',
  'ALGO',
  'COST',
  'ROUNDS',
  'ITERATIONS',
  'COMPLEXITY',
  'STRENGTH',
  'RESET',
  'LEVEL',
  'COUNT',
  'SIZE',
  'LIMIT',
  'INTERVAL',
  'RETRIES',
  'ATTEMPTS',
  'LOCATION',
  'ARN',
]);

/** `DB_PASSWORD`, `dbPassword` and `DBPassword` alike: `DB`, `PASSWORD` (an acronym ends before a capitalised word). */
function words(name: string): string[] {
  return name
    // A number written on a word is a word of its own: DB_PASSWORD2, API_KEY1, SECRET2_KEY.
    .replace(/([A-Za-z])([0-9])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/**
 * Verdicts by name. A project repeats a few hundred names over thousands of variables (and the
 * secrets pass classifies them again); splitting a name into words is the costly part.
 */
const byName = memoByText(nameVerdict);

/** Why a name marks a secret, or undefined. */
export function secretByName(name: string): string | undefined {
  return byName(name);
}

function nameVerdict(name: string): string | undefined {
  const w = words(name);
  if (w.length === 0) return undefined;
  // The last word that is not a number (`PASSWORD_FILE2` is a file too).
  let end = w.length - 1;
  while (end > 0 && /^[0-9]+$/.test(w[end] as string)) end--;
  if (NOT_SECRET_SUFFIXES.has(w[end] as string)) return undefined;
  if (w.length === 1 && w[0] === 'PWD') return undefined; // the shell's working directory
  for (const word of w) if (SECRET_WORDS.includes(word)) return `its name contains ${word}`;
  for (let i = 0; i + 1 < w.length; i++) {
    const next = w[i + 1] === 'KEYS' ? 'KEY' : w[i + 1];
    for (let j = 0; j < SECRET_PAIRS.length; j++) {
      const pair = SECRET_PAIRS[j] as [string, string];
      if (w[i] === pair[0] && next === pair[1]) return `its name contains ${pair[0]}_${pair[1]}`;
    }
  }
  // DATABASE_URL, REDIS_URL…: decided by the value (only a URL with a password is a secret).
  return undefined;
}

/** Name words that say the value is a password (or PIN), whatever its characters. */
const PASSWORD_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE']);

/**
 * Values that carry no secret whatever the name says. A short number is a flag, a port or a
 * count (`MYSQL_ALLOW_EMPTY_PASSWORD=1`, `SMTP_AUTH=0`), except under a name that says password
 * (`PIN_PASSWORD=12345`, `DB_PASS=4711`): there, two digits or more are the password itself.
 */
function trivialValue(name: string, value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(true|false|yes|no|on|off|none|null|nil|disabled|enabled)$/i.test(v)) return true;
  if (/^\d$/.test(v)) return true;
  if (/^\d{2,5}$/.test(v)) return !(secretByName(name) !== undefined && words(name).some((w) => PASSWORD_WORDS.has(w)));
  if (v.startsWith('/run/secrets/') || v.startsWith('arn:aws:secretsmanager:') || v.startsWith('arn:aws:ssm:')) return true;
  // A reference to a variable, left for the shell or the platform to fill in.
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v)) return true;
  // A file path (`GOOGLE_APPLICATION_CREDENTIALS=/app/creds.json`): the file is the secret, not its name.
  if (/^(\/|\.\.?\/|~\/)[\w.\/-]*$/.test(v) && /[./]/.test(v.slice(1))) return true;
  return false;
}

const TOKEN_SHAPES: [RegExp, string][] = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{40,}\b/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, 'a GitLab token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bxapp-\d-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/, 'a Slack webhook URL'],
  [/discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/, 'a Discord webhook URL'],
  [/\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]{10,}/, 'a Stripe key'],
  [/\bwhsec_[A-Za-z0-9]{20,}/, 'a Stripe webhook secret'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/\bya29\.[0-9A-Za-z_-]{20,}/, 'a Google OAuth token'],
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/, 'a SendGrid key'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'an npm token'],
  [/\bpypi-AgE[A-Za-z0-9_-]{50,}/, 'a PyPI token'],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/, 'an OpenAI or Anthropic API key'],
  [/\bhf_[A-Za-z0-9]{30,}\b/, 'a Hugging Face token'],
  [/\bdop_v1_[0-9a-f]{64}\b/, 'a DigitalOcean token'],
  [/\bshp(at|ss|ca|pa)_[0-9a-fA-F]{32}\b/, 'a Shopify token'],
  [/\bkey-[0-9a-f]{32}\b/, 'a Mailgun key'],
  [/\bSK[0-9a-f]{32}\b/, 'a Twilio API key'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/, 'a private key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'a JSON Web Token'],
  [/^(Bearer|Basic|Token)\s+[A-Za-z0-9+/=._~-]{16,}$/i, 'an HTTP Authorization header'],
  [/AccountKey=[A-Za-z0-9+/=]{20,}/, 'an Azure storage connection string'],
  [/(?:^|;)\s*(?:password|pwd)\s*=\s*[^;\s]+/i, 'a connection string with a password'],
  [/^[^:/@\s]+:[^@\s]+@(?:tcp|unix)\(/, 'a DSN with a password'],
];

/**
 * The token shapes that are unmistakable inside any text (a command line, a label): a prefix or
 * structure no ordinary word has. Left out: shapes that only mean something as a whole value
 * (`Bearer …`, `password=` in a connection string, Go DSNs), the loose `sk-…` (kebab-case words
 * match it; the strict OpenAI/Anthropic shapes are below), and the random-string test, which
 * would flag digests and hashes.
 */
const LOOSE_SHAPES = new Set(['an HTTP Authorization header', 'a connection string with a password', 'a DSN with a password', 'an OpenAI or Anthropic API key']);
const STRONG_SHAPES: [RegExp, string][] = ([
  ...TOKEN_SHAPES.filter(([, what]) => !LOOSE_SHAPES.has(what)),
  [/\bsk-(?:proj|ant|svcacct|admin)-[A-Za-z0-9_-]{20,}|\bsk-[A-Za-z0-9]{40,}\b/, 'an OpenAI or Anthropic API key'],
  // The password of a URL's user info (`postgres://app:PASSWORD@db/app`), the password alone:
  // not a variable the shell expands at run time (`$DB_PASSWORD`, after Compose's `$$`), nor a
  // mask (`****`). As `secretByValue` judges a whole value.
  [/(?<=[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)(?!\*+@)(?!\$\{?[A-Za-z_][A-Za-z0-9_]*\}?@)[^@/\s]+(?=@)/i, 'a URL with a password'],
] as [RegExp, string][]).map(([re, what]): [RegExp, string] => [new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`), what]);

/** A token found in a text: where it is and what it looks like (never the token itself in messages). */
export interface TokenMatch {
  index: number;
  length: number;
  /** e.g. `a Stripe key` */
  what: string;
}

/**
 * The unmistakable tokens (AWS access key ids, GitHub/Slack/Stripe/… tokens, private key
 * blocks) anywhere in `text`, in order, overlapping matches merged. For free text such as
 * commands and labels, where `secretByValue`'s whole-value tests do not apply.
 */
export function findTokens(text: string): TokenMatch[] {
  if (text.length < 8) return [];
  const found: TokenMatch[] = [];
  for (let i = 0; i < STRONG_SHAPES.length; i++) {
    const shape = STRONG_SHAPES[i] as [RegExp, string];
    const re = shape[0];
    const what = shape[1];
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      found.push({ index: m.index, length: m[0].length, what });
    }
  }
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  const merged: TokenMatch[] = [];
  for (const t of found) {
    const last = merged[merged.length - 1];
    if (last && t.index < last.index + last.length) {
      last.length = Math.max(last.length, t.index + t.length - last.index);
      continue;
    }
    merged.push({ ...t });
  }
  return merged;
}

function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Whether any of `TOKEN_SHAPES` matches (an alternation matches wherever one of its branches
 * does): most values match none, and one test of these two costs less than 27 tests (the
 * shapes are then tried in order, for the first one's name). Measured on the benchmark file,
 * where about 1,400 distinct values reach `secretByValue`.
 */
const ANY_SHAPE = anyOf(TOKEN_SHAPES.filter(([re]) => !re.flags.includes('i')).map(([re]) => re), '');
const ANY_SHAPE_IGNORING_CASE = anyOf(TOKEN_SHAPES.filter(([re]) => re.flags.includes('i')).map(([re]) => re), 'i');

function anyOf(shapes: RegExp[], flags: string): RegExp {
  // Groups are renumbered in the alternation and flags other than `i` would be lost: a shape
  // with a back-reference or another flag must be tried on its own (fails every test at load).
  for (const re of shapes) {
    if (/\\[1-9k]/.test(re.source) || re.flags.replace('i', '') !== '') throw new Error(`token shape ${re.source} cannot join the alternation`);
  }
  return new RegExp(shapes.map((re) => `(?:${re.source})`).join('|'), flags);
}

/**
 * `scheme://user:password@` anywhere in a value (also inside `jdbc:postgresql://…`). The scheme
 * starts only where no scheme character precedes it: unanchored, every position inside a long
 * run of letters would retry it, quadratic in the run (seconds on a 40 kB value).
 */
const URL_PASSWORD = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/([^:/@\s]*):([^@/\s]+)@/i;

/** Why a value looks like a secret whatever its name, or undefined. */
export function secretByValue(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 8) return undefined;
  // Indexed, not `for (const [re, what] of …)`: destructuring each pair builds an iterator, which
  // code that has not been optimised yet (a CLI run is one cold pass) allocates every time.
  if (ANY_SHAPE.test(v) || ANY_SHAPE_IGNORING_CASE.test(v)) {
    for (let i = 0; i < TOKEN_SHAPES.length; i++) {
      const shape = TOKEN_SHAPES[i] as [RegExp, string];
      if (shape[0].test(v)) return `its value looks like ${shape[1]}`;
    }
  }
  const url = URL_PASSWORD.exec(v);
  const password = url?.[2] ?? '';
  if (password.length > 0 && !/^\*+$/.test(password) && !/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(password)) {
    return 'its value is a URL with a password';
  }
  // Long random-looking tokens: only the characters of hex/base64 tokens (no dots, colons or
  // spaces, which mark host names, image names, paths and prose).
  const token = v.replace(/^base64:/, ''); // Laravel-style keys
  if (token.length >= 32 && /^[A-Za-z0-9+/=_-]+$/.test(token)) {
    if (/^[0-9a-f]{40}$/.test(token)) return undefined; // a git commit SHA
    const hex = /^[0-9a-fA-F]+$/.test(token);
    const entropy = shannonEntropy(token);
    const mixed = /[0-9]/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token);
    if ((hex && entropy >= 3.5) || (!hex && mixed && entropy >= 4.3)) {
      return 'its value is a long random-looking string';
    }
  }
  return undefined;
}

/** The verdict for one variable. The user's word wins, then the name, then the value. */
export function classifySecret(name: string, value: string, policy: SecretPolicy): SecretVerdict {
  if (policy.notSecretNames.includes(name)) return NOT_SECRET;
  if (policy.secretNames.includes(name)) return BY_USER;
  let byValue = byNameAndValue.get(name);
  let verdict = byValue?.get(value);
  if (verdict === undefined) {
    verdict = contentVerdict(name, value);
    if (cachedVerdicts >= VERDICT_CACHE_LIMIT) {
      byNameAndValue.clear();
      cachedVerdicts = 0;
      byValue = undefined;
    }
    if (!byValue) byNameAndValue.set(name, (byValue = new Map()));
    byValue.set(value, verdict);
    cachedVerdicts++;
  }
  return verdict;
}

// Verdicts are shared between callers (one object per distinct verdict), so frozen.
const NOT_SECRET: SecretVerdict = Object.freeze({ secret: false });
const BY_USER: SecretVerdict = Object.freeze({ secret: true, reason: 'user', why: 'you marked it as a secret' });

/**
 * Verdicts from the name and value alone (the policy aside), by name then value. A project repeats
 * names and values over thousands of variables, and the secret sweep classifies every variable
 * again after the parser did: the 27 token shapes are tried once per pair. Pure, so shared by every
 * run (in memory only, like the values the reporter masks); emptied when it grows past what a
 * project could need.
 */
const byNameAndValue = new Map<string, Map<string, SecretVerdict>>();
let cachedVerdicts = 0;
const VERDICT_CACHE_LIMIT = 50_000;

function contentVerdict(name: string, value: string): SecretVerdict {
  if (trivialValue(name, value)) return NOT_SECRET;
  const byName = secretByName(name);
  if (byName) return Object.freeze({ secret: true, reason: 'name', why: byName });
  const byValue = secretByValue(value);
  if (byValue) return Object.freeze({ secret: true, reason: 'value', why: byValue });
  return NOT_SECRET;
}

/** Options whose next word (or `=` value) is a password, whatever the program. */
const PASSWORD_OPTIONS: ReadonlySet<string> = new Set(['--requirepass', '--masterauth', '--password', '--passwd', '--pass']);
/** The program whose `-a` is the password. */
const REDIS_CLI = 'redis-cli';
/** The program whose `-u user:password` (`--user`) holds the password. */
const CURL = 'curl';
/** curl's `-u`, alone or last of a group of short options (`-fu`, `-fsSu`). */
const CURL_USER = /^-[A-Za-z]*u$/;
/** Programs whose `-pPASSWORD` (attached) is the password (`-p` alone prompts for it). */
const MYSQL_CLIENTS: ReadonlySet<string> = new Set(['mysql', 'mysqladmin', 'mysqldump', 'mariadb', 'mariadb-admin', 'mariadb-dump']);
/**
 * Any of the options and programs above, anywhere in a string: a command whose strings hold
 * none gives no password, and is not split into words (nearly every command and health check
 * of a project; ≈4,000 of them in the 1000-service benchmark file). Not global: `test` is then
 * stateless.
 */
const PASSWORD_CUES = new RegExp(secretPattern([...PASSWORD_OPTIONS, REDIS_CLI, CURL, ...MYSQL_CLIENTS]).source);

/**
 * A variable set in a command whose name has a word that may say secret (`DB_PASSWORD=…`,
 * `export API_TOKEN=…`, `env STRIPE_SECRET_KEY=… app`); `secretByName` decides.
 */
const SECRET_ASSIGNMENT_CUE = /(?:PASS|PWD|SECRET|TOKEN|KEY|AUTH|CRED|DSN|SALT|SIGNATURE)[A-Za-z0-9_]*=/i;

function mayGivePassword(item: unknown): boolean {
  return typeof item === 'string' && (PASSWORD_CUES.test(item) || SECRET_ASSIGNMENT_CUE.test(item));
}

/** `NAME=value` as a word of a command, NAME a variable's name. */
const ASSIGNMENT_WORD = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/;

/**
 * Passwords given literally as options in a command (`redis-server --requirepass …`,
 * `redis-cli -a …`, `mysqladmin -p…`, `--password=…`, `curl -u user:…`), or as the value of a
 * variable the command sets whose name says secret (`DB_PASSWORD=… exec app`, `export
 * API_TOKEN=…`): in exec form or in shell lines (`CMD-SHELL`), split at white space. Not a
 * variable the shell expands at run time (`$REDIS_PASSWORD`, `$(cat /run/secrets/…)`), a mask,
 * another option, or shorter than four characters. The context (which program) resets at `&&`, `||`, `;` and `|`. Split at white space
 * rather than with `splitShellWords`, which (as Compose) drops everything after an operator: a
 * health check's `mysqladmin ping -p… && curl -u …` has a password on both sides.
 */
export function commandLinePasswords(command: readonly string[]): string[] {
  if (!Array.isArray(command) || !command.some(mayGivePassword)) return [];
  const words = command.flatMap((w) => (typeof w === 'string' ? w.split(/\s+/) : [])).filter((w) => w !== '');
  const out: string[] = [];
  const push = (raw: string | undefined): void => {
    if (raw === undefined) return;
    const v = raw.replace(/^(["'])(.*)\1$/, '$2').replace(/^["']|["']$/g, '');
    if (v.length < 4 || /^[$`-]/.test(v) || /^\*+$/.test(v)) return;
    if (!out.includes(v)) out.push(v);
  };
  let redisCli = false;
  let mysql = false;
  let curl = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '&&' || w === '||' || w === ';' || w === '|') {
      redisCli = mysql = curl = false;
      continue;
    }
    const program = w.slice(w.lastIndexOf('/') + 1);
    if (program === REDIS_CLI) redisCli = true;
    else if (MYSQL_CLIENTS.has(program)) mysql = true;
    else if (program === CURL) curl = true;
    const eq = w.indexOf('=');
    const assigned = eq > 0 ? ASSIGNMENT_WORD.exec(w) : null;
    if (eq > 0 && PASSWORD_OPTIONS.has(w.slice(0, eq))) push(w.slice(eq + 1));
    else if (assigned && secretByName(assigned[1] as string) !== undefined) push(assigned[2]);
    else if (PASSWORD_OPTIONS.has(w) || (redisCli && w === '-a')) push(words[++i]);
    else if (mysql && w.length > 2 && w.startsWith('-p')) push(w.slice(2));
    else if (curl && (w === '--user' || CURL_USER.test(w))) {
      const user = words[++i] ?? '';
      const colon = user.indexOf(':');
      if (colon > 0) push(user.slice(colon + 1));
    }
  }
  return out;
}
