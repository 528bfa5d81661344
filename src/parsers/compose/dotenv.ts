/**
 * The dotenv format Docker Compose reads for `.env`, `--env-file`, `include.env_file` and a
 * service's `env_file` (compose-go `dotenv`), plus the `format: raw` variant (docker/cli
 * `kvfile`). See ../shared/docs/compose.md §5.2 for the rules reproduced here.
 */
import type { Reporter } from '../../diagnostics/context.js';
import { originAt, type SourceFile } from '../../ir/source-file.js';
import type { Origin } from '../../ir/types.js';
import { substitute, type Lookup } from './substitute.js';

/** One variable read from an env file. */
export interface DotenvEntry {
  name: string;
  value: string;
  /** Where the variable's name was written (the last definition when a name repeats). */
  origin: Origin;
  /** The line was a bare `NAME` and the value came from `lookup`. */
  inherited?: boolean;
}

/** Result of reading an env file. `ok` is false when Compose would refuse the file. */
export interface DotenvResult {
  entries: DotenvEntry[];
  ok: boolean;
}

/**
 * Reads a dotenv file the way Docker Compose does.
 *
 * - `lookup` is the environment consulted FIRST for `$VAR` references inside values and for bare
 *   `NAME` lines (Compose passes the OS environment); variables defined earlier in the same file
 *   are the fallback. Pass `() => undefined` for no outside environment.
 * - `format: 'raw'` reads `NAME=value` lines with the value kept verbatim (no quotes removed, no
 *   interpolation, no comments after the value), as `env_file: {format: raw}` does.
 * - Each name appears once in `entries`, in order of first definition, with the last value.
 *   Bare names that `lookup` does not know are left out (Compose leaves them unset).
 * - Problems are reported on `reporter` (`compose/dotenv-syntax` errors stop the file like
 *   Compose does; `compose/dotenv-quirk` warns where Compose reads something surprising;
 *   `compose/unset-variable` for `$VAR` references that are not set). Never throws.
 * - `file.path` must be relative to the project folder (it ends up in origins).
 */
export function parseDotenv(
  file: SourceFile,
  lookup: Lookup,
  reporter: Reporter,
  options: { format?: 'dotenv' | 'raw' } = {},
): DotenvResult {
  return options.format === 'raw' ? parseRaw(file, lookup, reporter) : new DotenvParser(file, lookup, reporter).parse();
}

/** `unicode.IsSpace` of Go. */
function isGoSpace(c: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
}
/** The narrower blank set compose-go uses around keys and values (no newline). */
function isBlank(c: string): boolean {
  return c === '\t' || c === '\v' || c === '\f' || c === '\r' || c === ' ' || c === '\u0085' || c === '\u00a0';
}

const KEY_CHAR = /^[\p{L}\p{N}_.\-[\]]$/u;
const EXPORT = /^export[\t\n\f\r ]+/;

class DotenvParser {
  private readonly values = new Map<string, DotenvEntry>();
  private readonly text: string;
  /** Offset of `text` in `file.text` (1 when a BOM was skipped). */
  private readonly base: number;
  private ok = true;

  constructor(
    private readonly file: SourceFile,
    private readonly lookup: Lookup,
    private readonly reporter: Reporter,
  ) {
    const bom = file.text.charCodeAt(0) === 0xfeff;
    this.text = bom ? file.text.slice(1) : file.text;
    this.base = bom ? 1 : 0;
  }

  parse(): DotenvResult {
    let pos = 0;
    const text = this.text;
    for (;;) {
      pos = this.statementStart(pos);
      if (pos >= text.length) break;
      const next = this.statement(pos);
      if (next === -1) {
        this.ok = false;
        break;
      }
      pos = next;
    }
    return { entries: [...this.values.values()], ok: this.ok };
  }

  private origin(offset: number): Origin {
    return originAt(this.file, offset + this.base, '');
  }

  /** Skips blanks and `#` comment lines; returns the start of the next statement. */
  private statementStart(pos: number): number {
    const text = this.text;
    for (;;) {
      while (pos < text.length && isGoSpace(text[pos] as string)) pos++;
      if (pos >= text.length || text[pos] !== '#') return pos;
      const nl = text.indexOf('\n', pos);
      if (nl === -1) return text.length;
      pos = nl;
    }
  }

  /** Reads one `NAME=value` statement at `pos`; returns where the next one may start, or -1. */
  private statement(pos: number): number {
    const text = this.text;
    const keyAt = pos;
    const exp = EXPORT.exec(text.slice(pos, pos + 64));
    if (exp) {
      pos += exp[0].length;
      while (pos < text.length && isBlank(text[pos] as string)) pos++;
    }
    let end = -1;
    let inherited = false;
    for (let i = pos; i < text.length; i++) {
      const c = text[i] as string;
      if (isBlank(c)) continue;
      if (c === '=' || c === ':' || c === '\n') {
        end = i;
        inherited = c === '\n';
        break;
      }
      if (KEY_CHAR.test(c)) continue;
      // Code points outside the BMP are two code units: test the whole character.
      const cp = String.fromCodePoint(text.codePointAt(i) as number);
      if (cp.length === 2 && KEY_CHAR.test(cp)) {
        i++;
        continue;
      }
      // Only the name so far is quoted: the rest of the line may be a value.
      this.error(i, `unexpected character ${JSON.stringify(cp)} in variable name ${JSON.stringify(text.slice(pos, i) + cp)}`);
      return -1;
    }
    let name: string;
    let valueAt: number;
    if (end === -1) {
      // No `=`, `:` or newline before the end of the file: Compose reads the text as the value
      // of an empty name, so a bare `NAME` on an unterminated last line is not inherited.
      name = '';
      valueAt = pos;
    } else {
      name = text.slice(pos, end).replace(/[\s\u0085\u00a0]+$/u, '');
      valueAt = end + 1;
    }
    if (name.includes(' ')) {
      this.error(keyAt, `variable name ${JSON.stringify(name)} contains a space`);
      return -1;
    }
    if (inherited) {
      const v = this.lookup(name) ?? this.values.get(name)?.value;
      if (v !== undefined) this.set(name, v, keyAt, true);
      return end + 1;
    }
    while (valueAt < text.length && isBlank(text[valueAt] as string)) valueAt++;
    const q = text[valueAt];
    if (q === '"' || q === "'") return this.quoted(name, keyAt, valueAt, q);
    // Unquoted: to the end of the line; ` #` starts a comment; trailing blanks dropped.
    let nl = text.indexOf('\n', valueAt);
    if (nl === -1) nl = text.length;
    let raw = text.slice(valueAt, nl);
    const hash = raw.indexOf(' #');
    if (hash !== -1) raw = raw.slice(0, hash);
    raw = raw.replace(/[\s\u0085\u00a0]+$/u, '');
    if (name === '') {
      this.quirk(
        keyAt,
        end === -1
          ? 'the last line has no "=" and no newline after it, so Docker Compose ignores it instead of taking its value from the environment'
          : 'a value with no variable name is ignored by Docker Compose',
      );
      return nl + 1;
    }
    const value = this.expand(raw, keyAt);
    this.set(name, value, keyAt, false);
    return nl + 1;
  }

  private quoted(name: string, keyAt: number, valueAt: number, quote: string): number {
    const text = this.text;
    let chars = '';
    let escape = false;
    for (let i = valueAt + 1; i < text.length; i++) {
      const c = text[i] as string;
      if (c !== quote) {
        if (!escape && c === '\\') {
          escape = true;
          continue;
        }
        if (escape) {
          escape = false;
          chars += '\\';
        }
        chars += c;
        continue;
      }
      if (escape) {
        escape = false;
        chars += c;
        continue;
      }
      const value = quote === '"' ? this.expand(expandEscapes(chars), keyAt) : chars;
      if (name === '') {
        this.quirk(keyAt, 'a quoted value with no variable name is ignored by Docker Compose');
      } else {
        this.set(name, value, keyAt, false);
      }
      this.checkTrailing(i + 1);
      return i + 1;
    }
    this.error(valueAt, `the quoted value of ${name || 'a variable'} is never closed`);
    return -1;
  }

  /** After a closing quote Compose starts a new statement: stray text there becomes a bare name. */
  private checkTrailing(pos: number): void {
    const text = this.text;
    let i = pos;
    while (i < text.length && isBlank(text[i] as string)) i++;
    if (i >= text.length || text[i] === '\n' || text[i] === '#') return;
    // The text itself is not quoted in the message: it may be the tail of a secret value.
    this.quirk(i, 'the text after the closing quote is read by Docker Compose as another variable name');
  }

  private expand(raw: string, keyAt: number): string {
    const r = substitute(raw, (n) => this.lookup(n) ?? this.values.get(n)?.value);
    for (const v of r.unset) {
      this.reporter.report('compose/unset-variable', `Variable ${v} used in ${this.file.path} is not set; Compose uses an empty string.`, {
        origin: this.origin(keyAt),
        hint: `Set ${v} in the shell, define it earlier in the file, or give a default: \${${v}:-value}.`,
      });
    }
    if (r.error) {
      this.reporter.report(
        r.error.kind === 'required' ? 'compose/required-variable' : 'compose/invalid-interpolation',
        r.error.kind === 'required'
          ? `In ${this.file.path}, ${r.error.message}.`
          : r.error.kind === 'too-deep'
            ? `A value in ${this.file.path} has ${r.error.message}; ecsify reads no deeper.`
            : `A value in ${this.file.path} has an invalid "\${" expression.`,
        {
          origin: this.origin(keyAt),
          hint:
            r.error.kind === 'required'
              ? `Set ${r.error.variable ?? 'the variable'} in the shell before running ecsify.`
              : r.error.kind === 'too-deep'
                ? 'Compute the value before running ecsify, or nest fewer defaults.'
                : 'Write $$ for a literal dollar sign, or use ${VAR}, ${VAR:-default}, ${VAR:?error} or ${VAR:+alt}.',
        },
      );
      this.ok = false;
    }
    return r.value;
  }

  private set(name: string, value: string, keyAt: number, inherited: boolean): void {
    // Keep the first definition's place in the order, the last definition's value and origin.
    const entry: DotenvEntry = { name, value, origin: this.origin(keyAt) };
    if (inherited) entry.inherited = true;
    this.values.set(name, entry);
  }

  private error(offset: number, message: string): void {
    this.reporter.report('compose/dotenv-syntax', `${this.file.path} cannot be read as an env file: ${message}.`, {
      origin: this.origin(offset),
      hint: 'Write one NAME=value per line; quote values with spaces or special characters.',
    });
  }

  private quirk(offset: number, message: string): void {
    this.reporter.report('compose/dotenv-quirk', `In ${this.file.path}, ${message}.`, {
      origin: this.origin(offset),
      hint: 'Write NAME=value, one per line, and end the file with a newline.',
    });
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/**
 * Decodes the escapes of a double-quoted value: the single-character escapes, `\0NNN` octal,
 * and `\$` (kept as `$$` so the substitution step turns it into a literal `$`). Anything else
 * (`\x07`, `\u12e4`, `\q`) stays as written.
 */
export function expandEscapes(s: string): string {
  if (s.indexOf('\\') === -1) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[i + 1] as string;
    if (n === '$') {
      out += '$$';
      i++;
    } else if (n === '0' && /^[0-7]{3}$/.test(s.slice(i + 2, i + 5)) && parseInt(s.slice(i + 2, i + 5), 8) <= 255) {
      out += String.fromCharCode(parseInt(s.slice(i + 2, i + 5), 8));
      i += 4;
    } else if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** `format: raw`: `NAME=value` lines, value verbatim; bare `NAME` taken from `lookup`. */
function parseRaw(file: SourceFile, lookup: Lookup, reporter: Reporter): DotenvResult {
  const values = new Map<string, DotenvEntry>();
  const text = file.text;
  let offset = 0;
  let first = true;
  for (const rawLine of text.split('\n')) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    let shift = 0;
    if (first && line.charCodeAt(0) === 0xfeff) {
      line = line.slice(1);
      shift = 1;
    }
    first = false;
    const trimmed = line.replace(/^[\s\u0085\u00a0]+/u, '');
    shift += line.length - trimmed.length;
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = originAt(file, lineStart + shift, '');
    const eq = trimmed.indexOf('=');
    const name = eq === -1 ? trimmed : trimmed.slice(0, eq);
    if (/[ \t]/.test(name) || name === '') {
      reporter.report(
        'compose/dotenv-syntax',
        name === ''
          ? `${file.path} cannot be read as an env file: no variable name on line ${JSON.stringify(trimmed)}.`
          : `${file.path} cannot be read as an env file: variable ${JSON.stringify(name)} contains whitespace.`,
        { origin: at, hint: 'With format: raw, write NAME=value with nothing around the name.' },
      );
      return { entries: [...values.values()], ok: false };
    }
    if (eq !== -1) {
      values.set(name, { name, value: trimmed.slice(eq + 1), origin: at });
    } else {
      const v = lookup(name);
      if (v !== undefined) values.set(name, { name, value: v, origin: at, inherited: true });
    }
  }
  return { entries: [...values.values()], ok: true };
}
