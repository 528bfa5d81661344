/**
 * One regular expression that finds any of many secret values, longest first at each position,
 * as the plain alternation of the values sorted longest first does, but written as a prefix
 * tree: `postgres://app:(?:s3cret-1|s3cret-2)` rather than one alternative per value. Generated
 * passwords and URLs share long prefixes (`postgres://app:`, hundreds of values each in a large
 * project), and source lines hold those prefixes often (`image: postgres`): the plain
 * alternation tries every value that starts there in turn, the tree reads the prefix once.
 *
 * Why the tree finds the longest value: at each branch the next character picks at most one
 * branch (branches start with different characters), a branch is tried before ending at a value
 * that ends there (an empty last alternative), and failing inside a branch falls back to that
 * end. The values are compared as UTF-16 code units, as the alternation (no `u` flag) does.
 */
export function secretPattern(values: Iterable<string>): RegExp {
  const wanted = new Set(values);
  wanted.delete('');
  // A new object each time (a global pattern keeps its `lastIndex`); from the same source, V8
  // reuses the compiled pattern.
  if (last !== undefined && sameValues(last.values, wanted)) return new RegExp(last.source, 'g');
  const source = build([...wanted]);
  last = { values: wanted, source };
  return new RegExp(source, 'g');
}

/**
 * The values and source of the pattern built last. The secret sweep and the reporter each build
 * one from the same values in a run (the sweep from the values registered by then, the reporter
 * when diagnostics are first read): the second is the first's source again (building it took
 * ≈1.5 ms for the 1,280 values of a 1000-service run).
 */
let last: { values: ReadonlySet<string>; source: string } | undefined;

function sameValues(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const v of b) if (!a.has(v)) return false;
  return true;
}

/** The source of the pattern for `values` (distinct, none empty). */
function build(values: string[]): string {
  // Sorted, the values under one prefix are neighbours, and the one that ends there comes first
  // (`sort()` without a comparator orders strings by UTF-16 code units, natively).
  const sorted = values.sort();
  if (sorted.length === 0) return '(?!)';
  const source = tree(sorted, 0, sorted.length, 0, 0);
  if (source !== undefined) return source;
  // Too deep a tree: V8 compiles regular expressions recursively and crashes the process (it
  // does not throw) on deep nesting. The plain alternation.
  const longestFirst = sorted.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return longestFirst.map(escape).join('|');
}

/**
 * Groups nested deeper than this fall back to the plain alternation. A group nests in another
 * where values branch again below a branch: about log2 of the values for random ones, and one
 * per value for values that extend one another (`abcd`, `abcde`, …).
 */
const MAX_NESTING = 40;

/**
 * The pattern for `sorted[lo..hi)`, which share their first `depth` characters, from there on,
 * inside `nesting` groups; undefined when it would nest deeper than MAX_NESTING.
 */
function tree(sorted: readonly string[], lo: number, hi: number, depth: number, nesting: number): string | undefined {
  const first = sorted[lo] as string;
  const ends = first.length === depth;
  const from = ends ? lo + 1 : lo;
  if (from === hi) return ''; // only the value that ends here
  // What every remaining value shares (the first and last sorted share what all of them do).
  const shared = sharedLength(sorted[from] as string, sorted[hi - 1] as string, depth);
  if (!ends && shared > depth) {
    const rest = tree(sorted, from, hi, shared, nesting);
    return rest === undefined ? undefined : escape((sorted[from] as string).slice(depth, shared)) + rest;
  }
  if (nesting === MAX_NESTING) return undefined;
  const branches: string[] = [];
  for (let i = from; i < hi; ) {
    const c = (sorted[i] as string).charCodeAt(depth);
    let j = i + 1;
    while (j < hi && (sorted[j] as string).charCodeAt(depth) === c) j++;
    const rest = tree(sorted, i, j, depth + 1, nesting + 1);
    if (rest === undefined) return undefined;
    branches.push(escape((sorted[i] as string)[depth] as string) + rest);
    i = j;
  }
  return `(?:${branches.join('|')}${ends ? '|' : ''})`;
}

/** How many leading characters `a` and `b` share, knowing they share the first `known`. */
function sharedLength(a: string, b: string, known: number): number {
  const n = Math.min(a.length, b.length);
  let k = known;
  while (k < n && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  return k;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The values as alternatives of a pattern, longest first (then in code-unit order, for a stable source). */
function alternation(values: Iterable<string>): string {
  return [...values]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map(escape)
    .join('|');
}

/**
 * Any of `values` as a whole word of a command (an element, or a word of a shell line): after
 * the start, white space, a quote, `=` (`--password=…`) or `-p` (mysql's attached form), before
 * the end, white space, a quote or a shell operator. The part before the value is group 1.
 * For passwords given as command options that are too plain to be looked for anywhere else.
 */
export function commandWordPattern(values: Iterable<string>): RegExp {
  return new RegExp(`(^|[\\s"'=]|(?:^|\\s)-p)(?:${alternation(values)})(?=$|[\\s"';&|)])`, 'g');
}

/**
 * Any of `values` where a source line (YAML, JSON, an env file, a Procfile) holds a secret,
 * though the value is also an ordinary word (`postgres`, `redispass`, `changeme`): the value of
 * a `KEY=`/`key:` entry (the whole rest of the line), the default of an interpolation
 * (`${REDIS_PASSWORD:-redispass}`), the value of a password option (`--requirepass …`,
 * `"-a", "…"`, `--password=…`, mysql's `-p…`, curl's `-u user:…` or `-fu user:…`) and the
 * password of a URL (`redis://:…@`). Group 1 is what comes before the value, which alone is
 * replaced. For an entry, the named group `key` is its key: only an entry whose key holds a
 * secret is one to mask (`POSTGRES_PASSWORD: postgres`, not `image: postgres`), which the caller
 * decides (see the reporter's `scrubLine`).
 */
export function weakValuePattern(values: Iterable<string>): RegExp {
  const before = [
    // `KEY=value`, `key: value`, `- "KEY=value"`: the value is all that follows (up to a comment,
    // or the braces that close a one-line JSON object: `{"name": "DB_PASS", "value": "…"},`).
    // The key is read behind the `=`/`:`, so that a line is only searched from those characters.
    `[=:](?<=(?<key>[A-Za-z_][A-Za-z0-9_.-]*)['"]?\\s*[=:])\\s*['"]?(?=(?:${alternation(values)})['"]?\\s*[}\\]]*\\s*,?\\s*(?:#.*)?$)`,
    `\\$\\{[A-Za-z_][A-Za-z0-9_]*:?-`,
    `(?:^|[\\s"'\\[,(])(?:--requirepass|--masterauth|--password|--passwd|--pass|-a)(?:=['"]?|\\s+['"]?|['"]\\s*,\\s*['"])`,
    `(?:^|[\\s"'\\[,(])-p`,
    `(?:^|[\\s"'\\[,(])(?:-[A-Za-z]*u|--user)(?:=['"]?|\\s+['"]?|['"]\\s*,\\s*['"])[^\\s:'"@]*:`,
    `:\\/\\/[^\\s:@\\/'"]*:`,
  ];
  return new RegExp(`(${before.join('|')})(?:${alternation(values)})(?=$|[\\s"'}\\],;&|@)#])`, 'g');
}
