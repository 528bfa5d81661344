/**
 * Decides whether an environment variable holds a secret, from its name, its value, and the
 * user's word. Parsers call this while reading, so a secret value is dropped before it reaches
 * the IR (see `env-var.ts`).
 */

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
  'PRIVATE',
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
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/** Why a name marks a secret, or undefined. */
export function secretByName(name: string): string | undefined {
  const w = words(name);
  if (w.length === 0) return undefined;
  const last = w[w.length - 1] as string;
  if (NOT_SECRET_SUFFIXES.has(last)) return undefined;
  if (w.length === 1 && w[0] === 'PWD') return undefined; // the shell's working directory
  for (const word of w) if (SECRET_WORDS.includes(word)) return `its name contains ${word}`;
  for (let i = 0; i + 1 < w.length; i++) {
    for (const [a, b] of SECRET_PAIRS) if (w[i] === a && w[i + 1] === b) return `its name contains ${a}_${b}`;
  }
  if (/^(DATABASE|DB|REDIS|MONGO|MONGODB|AMQP|RABBITMQ|BROKER|CACHE)_?URL$/.test(w.join('_'))) {
    return undefined; // decided by the value: only a URL with a password is a secret
  }
  return undefined;
}

/** Values that carry no secret whatever the name says. */
function trivialValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(true|false|yes|no|on|off|none|null|nil|disabled|enabled)$/i.test(v)) return true;
  if (/^\d{1,5}$/.test(v)) return true;
  if (v.startsWith('/run/secrets/') || v.startsWith('arn:aws:secretsmanager:') || v.startsWith('arn:aws:ssm:')) return true;
  return false;
}

const TOKEN_SHAPES: [RegExp, string][] = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{40,}\b/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, 'a GitLab token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/, 'a Slack webhook URL'],
  [/\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]{10,}/, 'a Stripe key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/, 'a SendGrid key'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'an npm token'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'a JSON Web Token'],
];

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

/** Why a value looks like a secret whatever its name, or undefined. */
export function secretByValue(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 8) return undefined;
  for (const [re, what] of TOKEN_SHAPES) if (re.test(v)) return `its value looks like ${what}`;
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^:/@\s]*):([^@/\s]+)@/i.exec(v);
  if (url && (url[2] as string).length > 0 && !/^\*+$/.test(url[2] as string)) {
    return 'its value is a URL with a password';
  }
  if (v.length >= 32 && !/\s/.test(v) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !v.startsWith('/')) {
    if (/^sha\d+:/.test(v) || /^[0-9a-f]{40}$/.test(v)) return undefined; // digests, git SHAs
    const hex = /^[0-9a-fA-F]+$/.test(v);
    const entropy = shannonEntropy(v);
    if ((hex && entropy >= 3.5) || (!hex && entropy >= 4.3 && /[0-9]/.test(v) && /[A-Za-z]/.test(v))) {
      return 'its value is a long random-looking string';
    }
  }
  return undefined;
}

/** The verdict for one variable. The user's word wins, then the name, then the value. */
export function classifySecret(name: string, value: string, policy: SecretPolicy): SecretVerdict {
  if (policy.notSecretNames.includes(name)) return { secret: false };
  if (policy.secretNames.includes(name)) return { secret: true, reason: 'user', why: 'you marked it as a secret' };
  if (trivialValue(value)) return { secret: false };
  const byName = secretByName(name);
  if (byName) return { secret: true, reason: 'name', why: byName };
  const byValue = secretByValue(value);
  if (byValue) return { secret: true, reason: 'value', why: byValue };
  return { secret: false };
}
