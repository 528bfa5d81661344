/**
 * Serialises a template object: YAML with CloudFormation short tags, or JSON in long form.
 *
 * YAML is written with the YAML 1.1-compatible dump schema, so strings such as `on`, `yes`,
 * `0755` or `2012-10-17` are quoted and read back as strings by CloudFormation's parser too.
 *
 * js-yaml's `dump` defines the output. It builds a node tree and styles every scalar with
 * Unicode regular expressions, which takes most of a second on the template of a 1000-service
 * app, so `toYaml` writes the same block layout itself: the plain data and short tags of a
 * template, with every scalar that is not certainly a plain scalar styled by js-yaml (cached).
 * Anything outside that shape is handed to `dump` whole. A differential test
 * (test/emitters/cloudformation/serialize.test.ts) holds both to the same bytes.
 */
import { defineScalarTag, defineSequenceTag, dump, DUMP_SCHEMA, NOT_RESOLVED, type DumpOptions } from 'js-yaml';
import { Intrinsic, toLongForm, type IntrinsicName } from './intrinsics.js';

/** Functions written as a YAML sequence after their short tag. */
const SEQUENCE_FUNCTIONS: readonly IntrinsicName[] = [
  'Fn::If',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
];
/** Functions written as a scalar after their short tag. */
const SCALAR_FUNCTIONS: readonly IntrinsicName[] = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Base64'];

function shortName(fn: IntrinsicName): string {
  return '!' + fn.replace(/^Fn::/, '');
}

function scalarText(value: Intrinsic): string {
  if (value.fn === 'Fn::GetAtt') return (value.arg as string[]).join('.');
  return value.arg as string;
}

function isScalarForm(value: Intrinsic): boolean {
  if (value.fn === 'Fn::GetAtt') return true;
  return typeof value.arg === 'string';
}

/* The loader side is never used (we only dump); `resolve` refuses everything. */
const TAGS = [
  ...SCALAR_FUNCTIONS.map((fn) =>
    defineScalarTag(shortName(fn), {
      resolve: () => NOT_RESOLVED,
      identify: (d: unknown) => d instanceof Intrinsic && d.fn === fn && isScalarForm(d),
      represent: (d: Intrinsic) => scalarText(d),
    }),
  ),
  ...SEQUENCE_FUNCTIONS.map((fn) =>
    defineSequenceTag(shortName(fn), {
      create: () => [] as unknown[],
      addItem: () => 'not loadable',
      identify: (d: unknown) => d instanceof Intrinsic && d.fn === fn && Array.isArray(d.arg),
      represent: (d: Intrinsic) => d.arg as unknown[],
    }),
  ),
];

const SCHEMA = DUMP_SCHEMA.withTags(...TAGS);
const DUMP_OPTIONS: DumpOptions = { schema: SCHEMA, lineWidth: -1, noRefs: true, indent: 2 };

/**
 * YAML allows one tag per node, so a function whose argument is itself a function
 * (`Fn::Base64: !Sub …`) keeps its long form; everything else uses the short tag.
 */
function forYaml(value: unknown): unknown {
  if (value instanceof Intrinsic) {
    if (value.arg instanceof Intrinsic) return { [value.fn]: forYaml(value.arg) };
    if (value.fn === 'Fn::GetAtt') {
      const arg = value.arg as unknown[];
      if (!arg.every((a) => typeof a === 'string')) return { [value.fn]: forYaml(arg) };
      return value;
    }
    return new Intrinsic(value.fn, forYaml(value.arg));
  }
  if (Array.isArray(value)) return value.map(forYaml);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = forYaml(v);
    return out;
  }
  return value;
}

/** The YAML document as js-yaml's `dump` writes it: the reference output, and the fallback. */
export function yamlByJsYaml(template: Record<string, unknown>): string {
  return dump(forYaml(template), DUMP_OPTIONS);
}

// ---------------------------------------------------------------------------------------------
// The direct writer.

/** A value the direct writer leaves to js-yaml: the whole document is then dumped by js-yaml. */
class NotHandled extends Error {}

const INDENT_WIDTH = 2;

/**
 * Characters js-yaml writes as they are in plain and single-quoted text: printable ASCII but
 * the space, and BMP characters except those it escapes or double-quotes (DEL, C1 controls,
 * no-break space, line and paragraph separators, BOM, surrogates, U+FFFE/U+FFFF).
 */
const TEXT = '\\x21-\\x7e\\xa1-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd';
/** TEXT without `:`, without `#`, and without the indicators that cannot start plain text. */
const TEXT_BUT_COLON = '\\x21-\\x39\\x3b-\\x7e\\xa1-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd';
const TEXT_BUT_HASH = '\\x21\\x22\\x24-\\x7e\\xa1-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd';
const TEXT_BUT_INDICATORS = '\\x24\\x28\\x29\\x2b\\x2e-\\x39\\x3b-\\x3d\\x41-\\x5a\\x5c\\x5e\\x5f\\x61-\\x7a\\x7e\\xa1-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd';

/** One line of such characters and spaces, not all spaces (empty or blank text is left to js-yaml). */
const ONE_LINE = new RegExp(`^[ ${TEXT}]*[${TEXT}][ ${TEXT}]*$`);

/**
 * js-yaml's rule for a plain scalar on one line (the spec's ns-plain-one-line outside flow
 * collections), for text that passes ONE_LINE: it does not start with an indicator
 * (`-?:,[]{}#&*!|>'"%@` and backquote; `-`, `?` and `:` may start it when a non-space follows)
 * or a space, no `:` is followed by a space or ends it (a key separator), no `#` follows a
 * space (a comment), and it does not end with a space.
 */
const PLAIN = new RegExp(`^(?:[${TEXT_BUT_INDICATORS}]|[-?:](?=[${TEXT}]))(?:[${TEXT_BUT_COLON}]|:(?=[${TEXT}])| +(?=[${TEXT_BUT_HASH}]))*$`);

/**
 * Several lines of such characters, written as a literal block (`|-`): not all blank, the
 * first non-empty line not indented (that needs an indentation indicator), and not ending with
 * two line breaks (keep chomping, `|+`, which leaves the document open-ended).
 */
const BLOCK = new RegExp(`^(?!\\n* )(?![ \\n]*$)(?![^]*\\n\\n$)[ \\n${TEXT}]*\\n[ \\n${TEXT}]*$`);

/**
 * A string as js-yaml writes it on one line, `tagged` when it follows a short tag: plain when
 * it may be, else single-quoted (quotes doubled). Undefined when js-yaml must decide (empty or
 * blank text, several lines, characters outside TEXT). PLAIN text is ONE_LINE text, so the
 * common case takes one test.
 */
function oneLine(text: string, tagged: boolean, verdicts: Map<string, boolean>): string | undefined {
  if (PLAIN.test(text)) {
    if (tagged || readsAsString(text, verdicts)) return text;
  } else if (!ONE_LINE.test(text)) return undefined;
  return "'" + text.replace(/'/g, "''") + "'";
}

/** A string of several lines (BLOCK) as js-yaml writes it at `level`: a literal block. */
function literalBlock(text: string, level: number): string {
  const indent = ' '.repeat(INDENT_WIDTH * Math.max(1, level));
  // Clip chomping (`|`) keeps the one final line break; strip (`|-`) says there is none.
  const clip = text.endsWith('\n');
  const lines = (clip ? text.slice(0, -1) : text).split('\n');
  return (clip ? '|\n' : '|-\n') + lines.map((l) => (l === '' ? '' : indent + l)).join('\n');
}

/**
 * Implicit tags of the schema by the first character of the text they may resolve (js-yaml
 * declares these so it need not try every resolver). An untagged plain string must resolve to
 * `!!str`, or a reader would see a number, boolean, null, date...; text that starts with any
 * other character cannot resolve to anything else. Undefined when a tag gives no first
 * characters (then every untagged string is styled by js-yaml).
 */
type Resolver = { resolve: (s: string, explicit: boolean, tag: string) => unknown; tagName: string };
const IMPLICIT_BY_FIRST_CHAR = ((): Map<string, Resolver[]> | undefined => {
  const byChar = new Map<string, Resolver[]>();
  for (const tag of SCHEMA.tags) {
    if (tag.nodeKind !== 'scalar' || !tag.implicit) continue;
    if (!tag.implicitFirstChars) return undefined;
    for (const c of tag.implicitFirstChars) {
      const list = byChar.get(c) ?? [];
      list.push(tag);
      byChar.set(c, list);
    }
  }
  return byChar;
})();

/** ASCII codes that start text some implicit tag may claim (or `=`), as a lookup table. */
const MAYBE_TYPED: boolean[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c) === '=' || IMPLICIT_BY_FIRST_CHAR?.has(String.fromCharCode(c)) === true);

/**
 * Whether an untagged plain scalar with this text reads back as a string. `verdicts` caches
 * the answers that needed a resolver (`'256'`, `'2012-10-17'` and the like recur).
 */
function readsAsString(text: string, verdicts: Map<string, boolean>): boolean {
  if (!IMPLICIT_BY_FIRST_CHAR) return false;
  const first = text.charCodeAt(0);
  // Most text starts with a character no implicit tag claims.
  if (first < 128 && !MAYBE_TYPED[first]) return true;
  let verdict = verdicts.get(text);
  if (verdict === undefined) {
    // `=` alone is YAML 1.1's value key; js-yaml quotes it.
    verdict = text !== '=';
    for (const tag of IMPLICIT_BY_FIRST_CHAR.get(text.charAt(0)) ?? []) if (verdict && tag.resolve(text, false, tag.tagName) !== NOT_RESOLVED) verdict = false;
    verdicts.set(text, verdict);
  }
  return verdict;
}

/** What js-yaml writes for one scalar, and whether it leaves the document open-ended (`...`). */
interface ScalarOut {
  text: string;
  openEnded: boolean;
}

/**
 * js-yaml's text for one scalar (a string, number, boolean, null or short-tag function) as a
 * mapping value or sequence item at `level`, or as a mapping key. Found by dumping it in a
 * one-entry mapping nested `level` deep and cutting out its text. Single-line text does not
 * depend on the level (only block scalars are indented), so it is cached once for all levels.
 */
class JsYamlScalars {
  private readonly values = new Map<unknown, ScalarOut>();
  private readonly tagged = new Map<string, ScalarOut>();
  private readonly keys = new Map<string, string>();

  value(value: unknown, level: number): ScalarOut {
    const multiline = typeof value === 'string' && value.includes('\n');
    if (!multiline && !(typeof value === 'number' && Object.is(value, -0))) {
      const hit = this.values.get(value);
      if (hit) return hit;
    }
    const out = this.dumpAt(value, multiline ? level : 1);
    if (!multiline && !(typeof value === 'number' && Object.is(value, -0))) this.values.set(value, out);
    return out;
  }

  /** A short-tag function call with a scalar argument (`!Ref X`), whose text is `text`. */
  taggedValue(value: Intrinsic, text: string, level: number): ScalarOut {
    const multiline = text.includes('\n');
    const key = `${value.fn}\u0000${multiline ? level : 1}\u0000${text}`;
    const hit = this.tagged.get(key);
    if (hit) return hit;
    const out = this.dumpAt(value, multiline ? level : 1);
    this.tagged.set(key, out);
    return out;
  }

  key(key: string): string {
    let text = this.keys.get(key);
    if (text === undefined) {
      const doc = dump({ [key]: null }, DUMP_OPTIONS);
      const end = ': null\n';
      text = doc.slice(0, -end.length);
      // An explicit `? key` pair (long or multi-line keys) is a layout this writer does not do.
      if (!doc.endsWith(end) || text.startsWith('?') || text.includes('\n')) throw new NotHandled();
      this.keys.set(key, text);
    }
    return text;
  }

  private dumpAt(value: unknown, level: number): ScalarOut {
    let doc: unknown = value;
    for (let l = 0; l < level; l++) doc = { k: doc };
    let prefix = '';
    for (let l = 0; l < level - 1; l++) prefix += ' '.repeat(INDENT_WIDTH * l) + 'k:\n';
    prefix += ' '.repeat(INDENT_WIDTH * (level - 1)) + 'k: ';
    const text = dump(doc, DUMP_OPTIONS);
    if (!text.startsWith(prefix) || !text.endsWith('\n')) throw new NotHandled();
    const openEnded = text.endsWith('\n...\n');
    return { text: text.slice(prefix.length, text.length - (openEnded ? 5 : 1)), openEnded };
  }
}

/** `!Ref`, `!Sub`...: the short tag of each function. */
const SHORT_TAG = new Map<IntrinsicName, string>([...SCALAR_FUNCTIONS, ...SEQUENCE_FUNCTIONS].map((fn) => [fn, shortName(fn)]));

/** A key's text followed by `:` (a block collection follows) and by `: ` (a scalar follows). */
interface KeyText {
  block: string;
  inline: string;
}

/**
 * Parts gathered before they are joined into one piece of the document: ≈40 KB of text.
 * Why pieces: the template of a 1000-service app is ≈660,000 parts; one `join` of them all
 * cost 30–75 ms, and one non-Latin-1 character (`…` in an output) made the whole 5 MB result a
 * two-byte string (10 MB) that was then copied again to be encoded. Joined in pieces, each
 * join stays small and only a piece holding such a character is two-byte; the writer encodes
 * the pieces one after another (see ../pieces.ts).
 */
const PIECE_PARTS = 8192;

/**
 * Writes the block layout of js-yaml's dump (indent 2, sequences indented under their key,
 * the first entry of a mapping in a sequence on the dash's line, empty collections as `{}` and
 * `[]`, a short-tagged sequence starting on its own line). The text is gathered as parts (a
 * key with its colon, a line break with its indentation and dash count as one) and joined
 * into pieces of PIECE_PARTS parts.
 */
class YamlWriter {
  private readonly pieces: string[] = [];
  private readonly parts: string[] = [];
  /** The text of each key seen (keys repeat: `Type`, `Properties`, `Name`...). */
  private readonly keyTexts = new Map<string, KeyText>();
  /** See `readsAsString`. */
  private readonly verdicts = new Map<string, boolean>();
  /** js-yaml ends a document with `...` when its last scalar was a keep-chomped block. */
  private openEnded = false;
  /** `\n` and the indentation of each level. */
  private readonly newlines: string[] = ['\n'];
  /** `\n`, the indentation of each level and `- `. */
  private readonly dashes: string[] = [];

  constructor(private readonly scalars: JsYamlScalars) {}

  document(root: Record<string, unknown>): string[] {
    if (!isMappingObject(root)) throw new NotHandled();
    const keys = Object.keys(root);
    if (hasEntries(root, keys)) this.mapping(root, keys, 0, true);
    else this.emptyCollection('{}');
    this.parts.push(this.openEnded ? '\n...\n' : '\n');
    this.pieces.push(this.parts.join(''));
    return this.pieces;
  }

  /** Joins the parts gathered so far into a piece once there are enough of them. */
  private cut(): void {
    if (this.parts.length < PIECE_PARTS) return;
    this.pieces.push(this.parts.join(''));
    this.parts.length = 0;
  }

  private newline(level: number): string {
    while (this.newlines.length <= level) this.newlines.push('\n' + ' '.repeat(INDENT_WIDTH * this.newlines.length));
    return this.newlines[level]!;
  }

  private dash(level: number): string {
    while (this.dashes.length <= level) this.dashes.push(this.newline(this.dashes.length) + '- ');
    return this.dashes[level]!;
  }

  /** A non-empty mapping at `level`; `compact` puts its first entry on the current line. */
  private mapping(value: object, keys: readonly string[], level: number, compact: boolean): void {
    let first = true;
    for (const key of keys) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      // `forYaml` assigns keys to a fresh object, where `__proto__` does not make an own key.
      if (key === '__proto__') throw new NotHandled();
      if (!compact || !first) this.parts.push(this.newline(level));
      first = false;
      this.entry(key, v, level);
      this.cut();
    }
  }

  /**
   * A function call in long form: a one-entry mapping at `level` whose value is the argument
   * (see `isLongForm`).
   */
  private longForm(value: Intrinsic, level: number, compact: boolean): void {
    if (!compact) this.parts.push(this.newline(level));
    this.entry(value.fn, value.arg, level);
  }

  /** `key: value` of a mapping at `level`: block collections start on the next line. */
  private entry(key: string, value: unknown, level: number): void {
    const text = this.key(key);
    if (Array.isArray(value)) {
      if (value.length > 0) {
        this.parts.push(text.block);
        this.sequence(value, level + 1, false);
        return;
      }
    } else if (value instanceof Intrinsic) {
      if (isLongForm(value)) {
        this.parts.push(text.block);
        this.longForm(value, level + 1, false);
        return;
      }
    } else if (isMappingObject(value)) {
      const keys = Object.keys(value);
      if (hasEntries(value, keys)) {
        this.parts.push(text.block);
        this.mapping(value, keys, level + 1, false);
        return;
      }
    }
    this.parts.push(text.inline);
    this.inline(value, level + 1);
  }

  private key(key: string): KeyText {
    let text = this.keyTexts.get(key);
    if (text === undefined) {
      let written = oneLine(key, false, this.verdicts);
      // Keys longer than 1024 characters take the explicit `? key` form: js-yaml writes them.
      if (written === undefined || written.length > 1024) written = this.scalars.key(key);
      text = { block: written + ':', inline: written + ': ' };
      this.keyTexts.set(key, text);
    }
    return text;
  }

  /** A non-empty sequence at `level`; `compact` puts its first item on the current line. */
  private sequence(items: readonly unknown[], level: number, compact: boolean): void {
    for (let i = 0; i < items.length; i++) {
      this.parts.push(compact && i === 0 ? '- ' : this.dash(level));
      const item = items[i] === undefined ? null : items[i];
      // A block collection in a sequence starts on the dash's line.
      if (Array.isArray(item)) {
        if (item.length > 0) {
          this.sequence(item, level + 1, true);
          continue;
        }
      } else if (item instanceof Intrinsic) {
        if (isLongForm(item)) {
          this.longForm(item, level + 1, true);
          continue;
        }
      } else if (isMappingObject(item)) {
        const keys = Object.keys(item);
        if (hasEntries(item, keys)) {
          this.mapping(item, keys, level + 1, true);
          continue;
        }
      }
      this.inline(item, level + 1);
      this.cut();
    }
  }

  /** Scalars, empty collections and short-tag function calls, at `level`. */
  private inline(value: unknown, level: number): void {
    if (typeof value === 'string') {
      this.string(value, level);
    } else if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) {
      // An integer's decimal text reads back as the same integer.
      this.parts.push(String(value));
      this.openEnded = false;
    } else if (typeof value === 'boolean' || value === null) {
      // These read back as themselves.
      this.parts.push(value === null ? 'null' : value ? 'true' : 'false');
      this.openEnded = false;
    } else if (typeof value === 'number') {
      this.scalar(this.scalars.value(value, level));
    } else if (value instanceof Intrinsic) {
      this.shortTag(value, level);
    } else if (Array.isArray(value)) {
      this.emptyCollection('[]');
    } else if (isMappingObject(value)) {
      this.emptyCollection('{}');
    } else {
      throw new NotHandled();
    }
  }

  private string(text: string, level: number): void {
    // An empty string would read back as null: js-yaml quotes it.
    const written = oneLine(text, false, this.verdicts) ?? (BLOCK.test(text) ? literalBlock(text, level) : text === '' ? "''" : undefined);
    if (written !== undefined) {
      this.parts.push(written);
      this.openEnded = false;
    } else this.scalar(this.scalars.value(text, level));
  }

  private emptyCollection(text: string): void {
    this.parts.push(text);
    this.openEnded = false;
  }

  private scalar(s: ScalarOut): void {
    this.parts.push(s.text);
    this.openEnded = s.openEnded;
  }

  /** A function call in short form (not `isLongForm`). */
  private shortTag(value: Intrinsic, level: number): void {
    const { fn, arg } = value;
    const tag = SHORT_TAG.get(fn);
    if (tag === undefined) throw new NotHandled();
    if (fn === 'Fn::GetAtt' || (typeof arg === 'string' && SCALAR_FUNCTIONS.includes(fn))) {
      const text = scalarText(value);
      // A tagged scalar need not read back as a string, so only the character rules apply.
      const written = oneLine(text, true, this.verdicts) ?? (BLOCK.test(text) ? literalBlock(text, level) : undefined);
      if (written !== undefined) {
        this.parts.push(tag, ' ', written);
        this.openEnded = false;
      } else this.scalar(this.scalars.taggedValue(value, text, level));
    } else if (Array.isArray(arg) && SEQUENCE_FUNCTIONS.includes(fn)) {
      this.parts.push(tag);
      if (arg.length === 0) this.emptyCollection(' []');
      else this.sequence(arg, level, false);
    } else {
      // js-yaml has no tag for it and refuses to dump it: let it say so.
      throw new NotHandled();
    }
  }
}

/** Objects `forYaml` turns into mappings: any object but arrays and function calls. */
function isMappingObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Intrinsic);
}

/** Whether a mapping has an entry to write (`forYaml` drops undefined values). */
function hasEntries(value: object, keys: readonly string[]): boolean {
  for (const key of keys) if ((value as Record<string, unknown>)[key] !== undefined) return true;
  return false;
}

/**
 * A function call `forYaml` writes in long form, as a one-entry mapping: an argument that is
 * itself a call, or `Fn::GetAtt` with parts that are not all strings.
 */
function isLongForm(value: Intrinsic): boolean {
  if (value.arg instanceof Intrinsic) return true;
  if (value.fn !== 'Fn::GetAtt') return false;
  // `forYaml` fails on a non-array `Fn::GetAtt` argument; js-yaml's path reproduces that.
  if (!Array.isArray(value.arg)) throw new NotHandled();
  return !value.arg.every((a) => typeof a === 'string');
}

/**
 * One-line comment text: no control characters, and none of the characters that end a line in
 * YAML 1.1 or JavaScript (U+0085, U+2028, U+2029), for comments in YAML, shell and TypeScript.
 */
export function commentSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ');
}

/**
 * The YAML document body in pieces (see PIECE_PARTS), joined they are the text js-yaml's
 * `dump` writes.
 */
export function yamlPieces(template: Record<string, unknown>): string[] {
  try {
    return new YamlWriter(new JsYamlScalars()).document(template);
  } catch (e) {
    if (e instanceof NotHandled) return [yamlByJsYaml(template)];
    throw e;
  }
}

/** The YAML document body; exported for the differential test against `yamlByJsYaml`. */
export function yamlBody(template: Record<string, unknown>): string {
  return yamlPieces(template).join('');
}

/** The `# ` comment lines of the header, then the document, in pieces. */
export function toYamlPieces(template: Record<string, unknown>, headerLines: string[]): string[] {
  const header = headerLines.map((l) => `# ${commentSafe(l)}`.trimEnd() + '\n').join('');
  const body = yamlPieces(template);
  return header === '' ? body : [header, ...body];
}

export function toYaml(template: Record<string, unknown>, headerLines: string[]): string {
  return toYamlPieces(template, headerLines).join('');
}

export function toJson(template: Record<string, unknown>): string {
  return JSON.stringify(toLongForm(template), null, 2) + '\n';
}
