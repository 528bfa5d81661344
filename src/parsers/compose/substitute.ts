/**
 * Compose's variable substitution on one string (compose-go `template`), shared by the Compose
 * file interpolation and the dotenv reader.
 *
 * Forms: `$$` (a literal `$`), `$NAME`, `${NAME}`, and `${NAME<op>word}` with op one of `:-` `-`
 * `:?` `?` `:+` `+`. `word` may itself hold references (nested defaults); it is evaluated only
 * when used, and its end is found by counting `${` against `}`. A `$` followed by anything else
 * is kept as written; `${` that does not open one of the forms above is an error.
 */

/** Looks a variable up; `undefined` means unset (an empty string is set). */
export type Lookup = (name: string) => string | undefined;

/** Why a string could not be substituted. */
export interface SubstituteError {
  /**
   * `invalid`: syntax Compose rejects; `required`: a `:?`/`?` variable is missing; `too-deep`:
   * defaults nested deeper than `MAX_NESTING` (Compose would read them; ecsify stops there).
   */
  kind: 'invalid' | 'required' | 'too-deep';
  message: string;
  /** The required variable, for `required`. */
  variable?: string;
}

export interface SubstituteResult {
  value: string;
  /** Variables read without an operator while unset (Compose warns about each), in order, no repeats. */
  unset: string[];
  /** The first problem; when set, Compose refuses the file. */
  error?: SubstituteError;
}

interface Ctx {
  lookup: Lookup;
  unset: string[];
  error?: SubstituteError;
  /** Value of the last `${…}` read by `braced`. */
  emitted: string;
  /** How many `${…}` words enclose the text being read. */
  depth: number;
}

/**
 * How deeply `${A:-${B:-…}}` defaults may nest. Each level is a recursion (and a scan for its
 * closing brace), so without a bound a generated value thousands of levels deep overflowed the
 * stack; real files nest two or three.
 */
export const MAX_NESTING = 64;

/** Substitutes every reference in `template`. Never throws. */
export function substitute(template: string, lookup: Lookup): SubstituteResult {
  if (template.indexOf('$') === -1) return { value: template, unset: [] };
  const simple = SIMPLE.exec(template);
  if (simple) return simpleDefault(simple, lookup);
  return substituteScan(template, lookup);
}

/** The general scanner behind `substitute` (exported so tests can compare it with the fast path). */
export function substituteScan(template: string, lookup: Lookup): SubstituteResult {
  const ctx: Ctx = { lookup, unset: [], emitted: '', depth: 0 };
  const value = run(template, ctx);
  const result: SubstituteResult = { value, unset: ctx.unset };
  if (ctx.error) result.error = ctx.error;
  return result;
}

/**
 * The most common form, one `${NAME:-word}` (or `-`, `:+`, `+`) whose word holds no `$`, `{`,
 * `}` or newline, in text without other `$`: the general scanner gives the same result, this
 * regular expression only gets there faster while the code is still cold.
 */
const SIMPLE = /^([^$]*)\$\{([A-Za-z_][A-Za-z0-9_]*)(:-|-|:\+|\+)([^${}\n]*)\}([^$]*)$/;

function simpleDefault(m: RegExpExecArray, lookup: Lookup): SubstituteResult {
  const [, before, name, op, word, after] = m as unknown as [string, string, string, string, string, string];
  const v = lookup(name);
  let value: string;
  if (op === ':-') value = v === undefined || v === '' ? word : v;
  else if (op === '-') value = v === undefined ? word : v;
  else if (op === ':+') value = v !== undefined && v !== '' ? word : (v ?? '');
  else value = v !== undefined ? word : '';
  return { value: before + value + after, unset: [] };
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function fail(ctx: Ctx, error: SubstituteError): void {
  ctx.error ??= error;
}

function invalid(ctx: Ctx, template: string): void {
  fail(ctx, { kind: 'invalid', message: `invalid interpolation format in ${JSON.stringify(template)}` });
}

function plain(name: string, ctx: Ctx): string {
  const v = ctx.lookup(name);
  if (v === undefined) {
    if (!ctx.unset.includes(name)) ctx.unset.push(name);
    return '';
  }
  return v;
}

function run(s: string, ctx: Ctx): string {
  let out = '';
  let last = 0;
  let i = s.indexOf('$');
  while (i !== -1) {
    out += s.slice(last, i);
    const c = s.charCodeAt(i + 1);
    if (c === 36 /* $ */) {
      out += '$';
      last = i + 2;
    } else if (isNameStart(c)) {
      let j = i + 2;
      while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
      out += plain(s.slice(i + 1, j), ctx);
      last = j;
    } else if (c === 123 /* { */) {
      last = braced(s, i, ctx);
      out += ctx.emitted;
    } else {
      out += '$';
      last = i + 1;
    }
    i = last < s.length ? s.indexOf('$', last) : -1;
  }
  return out + s.slice(last);
}

function isOperatorChar(c: number): boolean {
  return c === 45 /* - */ || c === 43 /* + */ || c === 63 /* ? */;
}

/**
 * Handles `${…}` starting at `start`: leaves its value in `ctx.emitted` and returns the index
 * after it (no closure, so this stays fast when the code is still cold).
 */
function braced(s: string, start: number, ctx: Ctx): number {
  ctx.emitted = '';
  let j = start + 2;
  if (!isNameStart(s.charCodeAt(j))) {
    invalid(ctx, s);
    return start + 2;
  }
  while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
  const name = s.slice(start + 2, j);
  const c = s.charCodeAt(j);
  if (c === 125 /* } */) {
    ctx.emitted = plain(name, ctx);
    return j + 1;
  }
  let opLength: number;
  if (c === 58 /* : */ && isOperatorChar(s.charCodeAt(j + 1))) opLength = 2;
  else if (isOperatorChar(c)) opLength = 1;
  else {
    invalid(ctx, s);
    return start + 2;
  }
  const op = s.slice(j, j + opLength);
  const wordStart = j + opLength;
  // Compose's pattern needs a `}` later on the same line; the word then ends at the brace that
  // balances the opening `${` (or at the last `}` of the line if none does).
  let lineEnd = s.indexOf('\n', wordStart);
  if (lineEnd === -1) lineEnd = s.length;
  const lastBrace = s.lastIndexOf('}', lineEnd - 1);
  if (lastBrace < wordStart) {
    invalid(ctx, s);
    return start + 2;
  }
  let close = closingBrace(s, start, lastBrace);
  if (close === -1) close = lastBrace;
  const value = applyOperator(name, op, s.slice(wordStart, close), ctx);
  ctx.emitted = value;
  return close + 1;
}

function closingBrace(s: string, from: number, to: number): number {
  let open = 0;
  for (let i = from; i <= to; i++) {
    const c = s.charCodeAt(i);
    if (c === 125 /* } */) {
      open--;
      if (open === 0) return i;
    } else if (c === 36 /* $ */ && s.charCodeAt(i + 1) === 123 /* { */) {
      open++;
      i++;
    }
  }
  return -1;
}

/** Substitutes the word of a `${NAME<op>word}` one level down. */
function nested(word: string, ctx: Ctx): string {
  if (ctx.depth >= MAX_NESTING) {
    fail(ctx, { kind: 'too-deep', message: `defaults nested more than ${MAX_NESTING} levels deep` });
    return '';
  }
  ctx.depth++;
  const value = run(word, ctx);
  ctx.depth--;
  return value;
}

function applyOperator(name: string, op: string, word: string, ctx: Ctx): string {
  const v = ctx.lookup(name);
  switch (op) {
    case ':-':
      return v === undefined || v === '' ? nested(word, ctx) : v;
    case '-':
      return v === undefined ? nested(word, ctx) : v;
    case ':+':
      return v !== undefined && v !== '' ? nested(word, ctx) : (v ?? '');
    case '+':
      return v !== undefined ? nested(word, ctx) : '';
    case ':?':
    case '?': {
      if (v !== undefined && (op === '?' || v !== '')) return v;
      // The message is evaluated only now (it may reference variables itself).
      const inner: Ctx = { lookup: ctx.lookup, unset: [], emitted: '', depth: ctx.depth };
      const reason = nested(word, inner);
      if (inner.error) fail(ctx, inner.error);
      fail(ctx, {
        kind: 'required',
        variable: name,
        message: reason ? `required variable ${name} is missing a value: ${reason}` : `required variable ${name} is missing a value`,
      });
      return '';
    }
    default:
      throw new Error(`unknown interpolation operator ${op}`);
  }
}
