import { lineStarts, lineStartsOf, type SourceFile } from '../ir/source-file.js';
import type { Origin } from '../ir/types.js';
import { RULES, type RuleId } from './catalog.js';
import type { Diagnostic, Severity } from './diagnostic.js';
import { andList } from '../util/and-list.js';
import { secretPattern, weakValuePattern } from './secret-pattern.js';
import { secretByName } from '../secrets/classify.js';

export interface ReportOptions {
  origin?: Origin | undefined;
  hint?: string;
  notes?: string[];
  /** Overrides the catalog's default severity (e.g. an error only on Fargate). */
  severity?: Severity;
  /** The service the message names (see `Diagnostic.subject`). */
  subject?: string | undefined;
}

/**
 * Collects diagnostics for one run and keeps the texts of the files that were read (for code
 * frames). Secret values registered with `redact` are scrubbed from every message, hint, note
 * and source line that leaves this object, as a second line of defence behind the parsers,
 * which never put a secret value into a message in the first place.
 */
export interface Reporter {
  report(rule: RuleId, message: string, options?: ReportOptions): void;
  /**
   * Registers a value judged secret so it never appears in diagnostics or code frames; `name` is
   * the variable that holds it, when there is one (see `registeredSecrets`).
   */
  redact(value: string, name?: string): void;
  /**
   * Remembers a file's text for code frames (path relative to the project folder). With the
   * parser's `SourceFile` of that text, its line index is shared rather than built again.
   */
  addSource(path: string, text: string, file?: SourceFile): void;
  /** The diagnostics reported so far, in report order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Source lines with secrets masked, for renderers. */
  readonly sources: SourceLookup;
  hasErrors(): boolean;
  /** Masks registered secret values in any text (for error banners). */
  scrub(text: string): string;
}

/** Read access to the source texts for code frames; secrets are already masked. */
export interface SourceLookup {
  line(file: string, line: number): string | undefined;
}

/** What replaces a secret value: in diagnostics and code frames here, in the IR by the secret sweep. */
export const MASK = '****';
/** The replacement of each secret found (see `scrub`). */
const mask = (): string => MASK;
/** Shorter values would mask ordinary words; values that short are not worth a secret rule. */
const MIN_REDACT_LENGTH = 4;

/**
 * A value that cannot be mistaken for an ordinary word or name. Weak passwords (`postgres`,
 * `changeme`) are also service names and image names: masking them everywhere would garble
 * messages (`Service ****`), so they are masked only where they are assigned in a source line.
 */
function distinctive(v: string): boolean {
  return v.length >= 6 && !/^[A-Za-z][a-z]*$/.test(v) && !/^[a-z]+$/.test(v) && !/^\d+$/.test(v);
}

/**
 * The distinctive values registered with each reporter, and the variable each came from (the
 * first name given), for passes that sweep the IR (`secret-sweep`). Kept out of the `Reporter`
 * object itself, so no serialisation or enumeration of a reporter can reveal them.
 */
const registered = new WeakMap<object, Map<string, string | undefined>>();
const NONE: ReadonlyMap<string, string | undefined> = new Map();

/**
 * The secret values registered with `reporter` (or with the reporter a wrapper made with
 * `Object.create` forwards to), each with the variable it came from when known. Only values
 * distinctive enough to be masked everywhere are listed (weak ones such as `postgres` are also
 * ordinary words). For matching only: never print, log or emit them.
 */
export function registeredSecrets(reporter: Reporter): ReadonlyMap<string, string | undefined> {
  for (let o: object | null = reporter; o; o = Object.getPrototypeOf(o) as object | null) {
    const found = registered.get(o);
    if (found) return found;
  }
  return NONE;
}

/** Options of `createReporter`. */
export interface ReporterOptions {
  /** Told of each text given to `addSource` (inputs are given as they are read, before they are parsed). */
  onSource?: (path: string, text: string) => void;
}

export function createReporter(options: ReporterOptions = {}): Reporter {
  const onSource = options.onSource;
  const diagnostics: Diagnostic[] = [];
  let hasError = false;
  const secrets = new Set<string>();
  const weak = new Set<string>();
  // The names weak values were registered under: an entry under one of them is masked.
  const weakNames = new Set<string>();
  const texts = new Map<string, string>();
  // The parser's view of a text, when it gave one: the line index both need is built once.
  const files = new Map<string, SourceFile>();
  const named = new Map<string, string | undefined>();
  // Per file: the offsets where its lines start, and the masked lines built so far. A code frame
  // shows a few lines of a file that may have tens of thousands, so lines are cut out and masked
  // only when asked for (splitting a 1 MB file on /\r?\n/ took ≈12 ms of a 1000-service run).
  const lineCache = new Map<string, Lines>();
  let lastFile: string | undefined;
  let lastLines: Lines | undefined;
  // Source lines as `scrubLine` gives them, by text, valid while no secret is added.
  const scrubbedLines = new Map<string, string>();

  // One pattern of every secret (longest first), rebuilt only when a secret is added: a run on
  // a large project can hold thousands of secrets and thousands of diagnostics.
  let pattern: RegExp | undefined;
  const scrub = (s: string): string => {
    if (secrets.size === 0) return s;
    pattern ??= secretPattern(secrets);
    // A function, not the string MASK: with a string, V8 replaces through a runtime path that
    // does not move the pattern up to compiled code; with a function the pattern runs as
    // compiled code once warm. Masking 10,000 messages with a 1,300-value pattern in a fresh
    // process: 40–50 ms with the string, 15–21 ms with the function. Same result: MASK has no `$`.
    return s.replace(pattern, mask);
  };
  // Whether a message, hint or note of `list[from..]` holds a secret value. Each text is
  // searched on its own, a hint only when it differs from the one searched before it (a rule's
  // diagnostics share one hint, and in report order they come in runs). Not one search of all
  // the texts joined, as before: the join copied 2.3 MB (≈5 ms of a 1000-service run) and left
  // each message a concatenation for the renderer to flatten; a search flattens its text in
  // place, once, for the renderer too (measured: this check 13.9 → 11.1 ms and the stylish
  // rendering ≈5 ms less, medians of 6 runs).
  const secretIn = (list: readonly Diagnostic[], from: number): boolean => {
    if (secrets.size === 0) return false;
    pattern ??= secretPattern(secrets);
    const p = pattern;
    // `test` of a global pattern starts at `lastIndex` and leaves it at 0 when nothing is found.
    p.lastIndex = 0;
    let found = false;
    let hint: string | undefined;
    for (let i = from; i < list.length && !found; i++) {
      const d = list[i] as Diagnostic;
      found = p.test(d.message);
      if (!found && d.hint !== undefined && d.hint !== hint) {
        hint = d.hint;
        found = p.test(hint);
      }
      if (d.notes) for (let j = 0; j < d.notes.length && !found; j++) found = p.test(d.notes[j] as string);
    }
    p.lastIndex = 0;
    return found;
  };
  // Hints and notes repeat across thousands of diagnostics (one per rule and name): each
  // distinct text is masked once per set of secrets.
  const scrubbedTexts = new Map<string, string>();
  const scrubRepeated = (s: string): string => {
    let out = scrubbedTexts.get(s);
    if (out === undefined) {
      out = scrub(s);
      scrubbedTexts.set(s, out);
    }
    return out;
  };
  // Weak values, masked in source lines only where a secret sits (`weakValuePattern`: the value
  // of a `KEY=`/`key:` entry whose key holds a secret, an interpolation's default, a password
  // option, a URL's password). An entry's key holds a secret when its name says so, when it is
  // the name a value was registered under (`--secret BILLING_ID`), or when it is `value` (the
  // `{"name": …, "value": …}` entries of Dockerrun files and EB option lists, whose name is
  // elsewhere). `image: postgres` keeps its text though `POSTGRES_PASSWORD: postgres` is masked.
  let weakPattern: RegExp | undefined;
  // The source lines masked so far are to be masked again (a value or a name was registered).
  const maskedLinesOutdated = (): void => {
    scrubbedLines.clear();
    if (lineCache.size > 0) for (const lines of lineCache.values()) lines.masked = undefined;
  };
  const secretKey = (key: string): boolean => key === 'value' || key === 'Value' || weakNames.has(key) || secretByName(key) !== undefined;
  const weakReplacer = (match: string, before: string, ...rest: unknown[]): string => {
    const groups = rest[rest.length - 1] as { key?: string } | undefined;
    return groups?.key !== undefined && !secretKey(groups.key) ? match : before + MASK;
  };
  const scrubLine = (line: string): string => {
    let out = scrub(line);
    if (weak.size > 0) {
      weakPattern ??= weakValuePattern(weak);
      out = out.replace(weakPattern, weakReplacer);
    }
    return out;
  };

  // De-duplication, extended as diagnostics arrive: `unique` holds the first diagnostic of each
  // identity (`identityKey`), in report order. Building and hashing that long key for every
  // diagnostic was most of the getter's cost, while nearly every diagnostic has a place of its
  // own: diagnostics are grouped by file, line and column, and the few members of a group are
  // compared field by field (`sameIdentity`); keys are built only for a group of more than
  // MAX_COMPARED (and for diagnostics without a place). Keys also read `origin.path`, which some
  // origins build on first use, and a stylish report never shows.
  const unique: Diagnostic[] = [];
  let examined = 0;
  const byPlace = new Map<string, Map<number, Diagnostic | Diagnostic[] | Set<string>>>();
  const placeless = new Set<string>();
  // Keys of different places can only run together when a text holds a NUL or a file name a
  // colon (see `ambiguous`); from the first such diagnostic on, all keys go into one set.
  let allKeys: Set<string> | undefined;
  const isNew = (d: Diagnostic): boolean => {
    if (!allKeys && ambiguous(d)) allKeys = new Set(unique.map(identityKey));
    const o = d.origin;
    if (allKeys || !o) {
      const keys = allKeys ?? placeless;
      const key = identityKey(d);
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    }
    let lines = byPlace.get(o.file);
    if (!lines) byPlace.set(o.file, (lines = new Map()));
    // Groups only: places that share a number are told apart by key. Line and column are packed
    // into a small integer (a Smi) rather than `line * 1e7 + column`, a double from line 215 on
    // (every diagnostic of a large file), which V8 boxes and hashes as a heap number.
    const at = packed(o);
    const group = lines.get(at);
    if (group === undefined) {
      lines.set(at, d);
      return true;
    }
    if (group instanceof Set) {
      const key = identityKey(d);
      if (group.has(key)) return false;
      group.add(key);
      return true;
    }
    if (Array.isArray(group)) {
      for (let i = 0; i < group.length; i++) if (sameIdentity(group[i] as Diagnostic, d)) return false;
      if (group.length < MAX_COMPARED) group.push(d);
      else lines.set(at, new Set([...group, d].map(identityKey)));
      return true;
    }
    if (sameIdentity(group, d)) return false;
    lines.set(at, [group, d]);
    return true;
  };
  const dedupe = (): void => {
    for (; examined < diagnostics.length; examined++) {
      const d = diagnostics[examined] as Diagnostic;
      if (isNew(d)) unique.push(d);
    }
  };
  // `unique` with findings that differ only in their subject merged (see mergeShared), and the
  // length of `unique` it was made from.
  let merged: readonly Diagnostic[] = unique;
  let mergedFrom = 0;
  // The masked diagnostics for `merged`, valid while no secret is added.
  let masked: Diagnostic[] = [];
  let cached: Diagnostic[] | undefined;

  const reporter: Reporter = {
    report(rule, message, options = {}) {
      const def = RULES[rule];
      // Every field written, those it lacks as undefined, always in this order: one hidden class
      // for all diagnostics. Fields set only when present gave the benchmark file's 10,000
      // diagnostics eight shapes, and every read of them while deduping, merging, masking,
      // sorting and rendering went through V8's megamorphic lookup (≈70 M instructions more).
      const notes = options.notes;
      const subject = options.subject;
      const d: Diagnostic = {
        rule,
        severity: options.severity ?? def.severity,
        message,
        origin: options.origin || undefined,
        hint: options.hint || undefined,
        notes: notes !== undefined && notes.length > 0 ? notes : undefined,
        subject: subject !== undefined && subject !== '' ? subject : undefined,
      };
      diagnostics.push(d);
      if (d.severity === 'error') hasError = true;
      cached = undefined;
    },
    redact(value, name) {
      // The same value again (a secret shared by many services) changes nothing but a missing name.
      if (secrets.has(value) || weak.has(value)) {
        if (name !== undefined && named.has(value) && named.get(value) === undefined) named.set(value, name);
        if (name !== undefined && !weakNames.has(name) && weak.has(value)) {
          weakNames.add(name);
          maskedLinesOutdated();
        }
        return;
      }
      // Multi-line values are masked line by line so code frames of each line are covered.
      const parts = value.includes('\n') ? value.split(/\r?\n/) : [value];
      let added = false;
      for (const part of parts) {
        const v = part.trim();
        if (v.length < MIN_REDACT_LENGTH) continue;
        if (distinctive(v)) {
          if (named.get(v) === undefined) named.set(v, name);
          if (!secrets.has(v)) {
            secrets.add(v);
            pattern = undefined;
            scrubbedTexts.clear();
            masked = [];
            cached = undefined;
            added = true;
          }
        } else {
          if (!weak.has(v)) {
            weak.add(v);
            weakPattern = undefined;
            added = true;
          }
          if (name !== undefined && !weakNames.has(name)) {
            weakNames.add(name);
            added = true;
          }
        }
      }
      // Masked lines are out of date only when a value was added (thousands of calls repeat one).
      if (added) maskedLinesOutdated();
    },
    addSource(path, text, file) {
      onSource?.(path, text);
      texts.set(path, text);
      if (file !== undefined && file.text === text) files.set(path, file);
      else files.delete(path);
      lineCache.delete(path);
      if (path === lastFile) lastFile = lastLines = undefined;
    },
    // Scrubbed on the way out, so a secret registered after a diagnostic was raised is still masked.
    // Identical reports (a value under a YAML anchor used by several services) are shown once.
    get diagnostics() {
      if (cached) return cached;
      dedupe();
      // Merging can change any earlier entry, so the masked list is rebuilt when it did. Merged
      // again only when findings were added (the getter is read after each group of checks).
      if (mergedFrom !== unique.length) {
        const next = mergeShared(unique);
        // `masked` follows `unique` item by item only while nothing merges.
        if (next !== unique || merged !== unique) masked = [];
        merged = next;
        mergedFrom = unique.length;
      }
      const shown = merged;
      // Usually no text holds a secret (parsers never put one there): one search of each new
      // text says so, instead of a replace per message and a masked-text lookup per hint and note.
      if (masked.length < shown.length && !secretIn(shown, masked.length)) {
        for (let i = masked.length; i < shown.length; i++) masked.push(shown[i] as Diagnostic);
      }
      for (let i = masked.length; i < shown.length; i++) {
        const d = shown[i] as Diagnostic;
        const message = scrub(d.message);
        const hint = d.hint === undefined ? undefined : scrubRepeated(d.hint);
        const notes = d.notes?.map(scrubRepeated);
        if (message === d.message && hint === d.hint && (notes === undefined || notes.every((n, j) => n === d.notes?.[j]))) {
          masked.push(d); // nothing to mask: the diagnostic as reported (never handed out for change)
          continue;
        }
        const out: Diagnostic = { ...d, message };
        if (hint !== undefined) out.hint = hint;
        if (notes) out.notes = notes;
        masked.push(out);
      }
      cached = masked.slice();
      return cached;
    },
    sources: {
      line(file, line) {
        // A code frame asks for two lines of one file, thousands of times: the file asked for
        // last is kept at hand rather than looked up again.
        let lines = file === lastFile ? lastLines : lineCache.get(file);
        if (!lines) {
          const text = texts.get(file);
          if (text === undefined) return undefined;
          const parsed = files.get(file);
          lines = { text, starts: parsed ? lineStartsOf(parsed) : lineStarts(text), masked: undefined };
          lineCache.set(file, lines);
        }
        lastFile = file;
        lastLines = lines;
        const i = line - 1;
        // Sized up front: an empty array written at scattered indices (up to 35,000 in a
        // 1000-service run) turns into a dictionary, slower to read and write.
        const masked = (lines.masked ??= new Array<string | undefined>(lines.starts.length));
        let out = masked[i];
        if (out === undefined) {
          out = lineAt(lines.text, lines.starts, i);
          if (out === undefined) return undefined;
          if (secrets.size > 0 || weak.size > 0) {
            // Masked once per distinct text: generated projects repeat lines (13,000 lines
            // framed in a 1000-service run hold 3,300 texts), and the secret patterns cost more
            // than a lookup. `scrubLine` depends on the text and the secrets only.
            const raw = out;
            out = scrubbedLines.get(raw);
            if (out === undefined) {
              out = scrubLine(raw);
              scrubbedLines.set(raw, out);
            }
          }
          masked[i] = out;
        }
        return out;
      },
    },
    hasErrors() {
      return hasError;
    },
    scrub,
  };
  registered.set(reporter, named);
  return reporter;
}

/** A file's text, the offsets where its lines start, and its masked lines handed out so far, by index. */
interface Lines {
  text: string;
  starts: number[];
  masked: (string | undefined)[] | undefined;
}

/** Line `i` (0-based) without its line break, as `text.split(/\r?\n/)[i]` gives it. */
function lineAt(text: string, starts: readonly number[], i: number): string | undefined {
  // A byte order mark is no character of the first line (columns do not count it either).
  const start = i === 0 && text.charCodeAt(0) === 0xfeff ? 1 : starts[i];
  if (start === undefined) return undefined;
  const next = starts[i + 1];
  if (next === undefined) return text.slice(start);
  const end = next - 2 >= start && text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
  return text.slice(start, end);
}

/**
 * Whether the identity key of `d` could equal the key of a diagnostic at another place: only
 * when the fields before the place hold its separators (a NUL in the message, a colon or a NUL
 * in the file name; rules and severities hold neither, and a line or column number no colon).
 * Keys with the same message and file then agree on line and column, so a NUL in the path, hint
 * or notes can only make keys of one place run together, which are compared as keys anyway.
 * (Checking those too read, and flattened, two more built strings per diagnostic: ≈4 ms.)
 */
function ambiguous(d: Diagnostic): boolean {
  const o = d.origin;
  return d.message.includes('\u0000') || (o !== undefined && (o.file.includes(':') || o.file.includes('\u0000')));
}

/** Members of a group of diagnostics at one place compared one by one; more are told apart by key. */
const MAX_COMPARED = 8;

/**
 * `identityKey(a) === identityKey(b)` for two diagnostics whose keys cannot run together at
 * another place (`ambiguous` is false for both), without building the keys: then the fields
 * before the place are equal exactly when they are, the file (no colon) and the numbers (no
 * colon either) likewise, and the rest of the key is compared as the key has it. Numbers are
 * compared as the key writes them (`NaN` equals `NaN`, `-0` equals `0`).
 */
function sameIdentity(a: Diagnostic, b: Diagnostic): boolean {
  if (a.rule !== b.rule || a.severity !== b.severity || a.message !== b.message) return false;
  const p = a.origin as Origin;
  const q = b.origin as Origin;
  if (p.file !== q.file || !(p.line === q.line || String(p.line) === String(q.line))) return false;
  if (!(p.column === q.column || String(p.column) === String(q.column))) return false;
  return identityTail(a) === identityTail(b);
}

/** The part of `identityKey` after the column: path, hint and notes. */
function identityTail(d: Diagnostic): string {
  return `${(d.origin as Origin).path}\u0000${d.hint ?? ''}\u0000${(d.notes ?? []).join('\u0001')}`;
}

/** The identity of a diagnostic as one string: two diagnostics with the same one are shown once. */
function identityKey(d: Diagnostic): string {
  const o = d.origin;
  return `${d.rule}\u0000${d.severity}\u0000${d.message}\u0000${o ? `${o.file}:${o.line}:${o.column}:${o.path}` : ''}\u0000${d.hint ?? ''}\u0000${(d.notes ?? []).join('\u0001')}`;
}

/**
 * `list` with the findings that differ only in their subject merged, at one place: the first one
 * reported stands for the others, which a note names. Several services that share a line (a YAML
 * anchor, `extends`, `include`) then get one finding there, not one each. `list` itself when
 * nothing merges (most runs).
 */
function mergeShared(list: readonly Diagnostic[]): readonly Diagnostic[] {
  // First the places that hold more than one finding with a subject, counted by file and packed
  // line and column as `isNew` packs them: most places hold one, and a string key for each of
  // the 10,000 findings of a 1000-service file cost ≈15 ms.
  const count = new Map<string, Map<number, number>>();
  let crowded = false;
  for (let i = 0; i < list.length; i++) {
    const d = list[i] as Diagnostic;
    const o = d.origin;
    if (d.subject === undefined || !o) continue;
    let lines = count.get(o.file);
    if (!lines) count.set(o.file, (lines = new Map()));
    const at = packed(o);
    const n = (lines.get(at) ?? 0) + 1;
    lines.set(at, n);
    if (n > 1) crowded = true;
  }
  if (!crowded) return list;
  const groups = new Map<string, { first: number; others: string[] }>();
  const into = new Map<number, string>();
  for (let i = 0; i < list.length; i++) {
    const d = list[i] as Diagnostic;
    const o = d.origin;
    if (d.subject === undefined || !o || (count.get(o.file)?.get(packed(o)) ?? 0) < 2) continue;
    const key = `${placeKey(d)}\u0000${withoutSubject(d)}`;
    const g = groups.get(key);
    if (!g) groups.set(key, { first: i, others: [] });
    else if (d.subject !== (list[g.first] as Diagnostic).subject && !g.others.includes(d.subject)) {
      g.others.push(d.subject);
      into.set(i, key);
    } else into.set(i, key);
  }
  if (into.size === 0) return list;
  const firstOf = new Map<number, string[]>();
  for (const g of groups.values()) if (g.others.length > 0) firstOf.set(g.first, g.others);
  const out: Diagnostic[] = [];
  for (let i = 0; i < list.length; i++) {
    if (into.has(i)) continue;
    const d = list[i] as Diagnostic;
    const others = firstOf.get(i);
    if (!others) {
      out.push(d);
      continue;
    }
    const names = others.map((n) => `\`${n}\``);
    const note =
      others.length === 1
        ? `The same holds for ${names[0]}, which shares this line.`
        : `The same holds for the ${others.length} others that share this line: ${andList(names, 10)}.`;
    out.push({ ...d, notes: [...(d.notes ?? []), note] });
  }
  return out;
}

/** Line and column in one small integer (a group key only: places that share it are told apart by their keys). */
function packed(o: Origin): number {
  return ((o.line & 0x3ffff) << 12) | (o.column & 0xfff);
}

/** Rule, severity and place of a finding. */
function placeKey(d: Diagnostic): string {
  const o = d.origin as Origin;
  return `${d.rule}\u0000${d.severity}\u0000${o.file}:${o.line}:${o.column}`;
}

/**
 * A finding's texts with its subject taken out, where the message, hint and notes name it: as a
 * whole name only (`web` in "Service `web`'s", not in `web-db`), so that the texts of two
 * subjects agree exactly where each names its own.
 */
function withoutSubject(d: Diagnostic): string {
  const s = d.subject as string;
  const cut = (t: string): string => withoutName(t, s);
  return `${cut(d.message)}\u0000${d.hint === undefined ? '' : cut(d.hint)}\u0000${(d.notes ?? []).map(cut).join('\u0002')}`;
}

/**
 * `text` with each whole occurrence of `name` replaced by U+0001: not preceded by a name
 * character (letters, digits, `_`, `.`, `-`), not followed by one either, except a dot that ends
 * a sentence. A scan with indexOf, not a regular expression: one would be compiled per subject,
 * and a shared anchor line can have hundreds of subjects (≈40 ms for 750).
 */
function withoutName(text: string, name: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    const end = at + name.length;
    if (at > 0 && (isNameChar(text.charCodeAt(at - 1)) || text.charCodeAt(at - 1) === 46)) continue;
    const next = text.charCodeAt(end);
    if (isNameChar(next) || (next === 46 && isNameChar(text.charCodeAt(end + 1)))) continue;
    out += text.slice(from, at) + '\u0001';
    from = end;
    at = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** A letter, digit, `_` or `-` (NaN, past the end, is none). */
function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}
