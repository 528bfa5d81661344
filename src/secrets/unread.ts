/**
 * Secrets in text no parser reads. The parsers judge the variables they read, but the lines of a
 * file are shown in code frames whether they were read or not (a frame shows the line above the
 * one it points at too, often an `environment` entry): the lines of a file that could not be read
 * at all (a YAML or JSON syntax error), and the first value of a key written twice, which the
 * second replaces. Each such name and value is judged as a variable with that name and value
 * would be (`classifySecret`), and a secret value is handed to the reporter, which masks it
 * wherever it is shown.
 *
 * The same for a part of a file that ecsify reports but does not read (`redactUnreadTree`: an
 * .ebextensions `files:` or `commands:` section, a config file EB skips as a whole), or one
 * entry of it (`redactUnreadEntry`: a key the schema does not define, the replaced value).
 *
 * In a file that could not be read, the shapes looked for, one per line, are `NAME: value` and
 * `- NAME=value` (YAML block style; a quoted value up to its closing quote, so also `"NAME":
 * "value",` of JSON), and `"name": "NAME", "value": "…"` (an environment entry of a Dockerrun
 * file). A value in a flow mapping (`{A: b, C: d}`) or spread over lines is not looked for.
 */
import type { Reporter } from '../diagnostics/context.js';
import type { YNode } from '../yaml/node.js';
import { classifySecret, commandLinePasswords, type SecretPolicy } from './classify.js';

const ASSIGNMENT = /^[ \t]*(?:-[ \t]+)?(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1[ \t]*(?::[ \t]+|=)(.*)$/;
const NAME_AND_VALUE = /"name"\s*:\s*"([^"\\]*)"\s*,\s*"value"\s*:\s*"([^"\\]*)"/g;
const NOT_A_VALUE = /^[$&*!|>{[]/;
const NO_POLICY: SecretPolicy = { secretNames: [], notSecretNames: [] };

/** Registers with `reporter` the secret values `text` assigns to names, by the shapes above. */
export function redactAssignments(text: string, reporter: Reporter, policy: SecretPolicy = NO_POLICY): void {
  for (const line of text.split(/\r?\n|\r/)) {
    const m = ASSIGNMENT.exec(line);
    if (m) judge(m[2] as string, valueOf(m[3] as string), reporter, policy);
    if (line.includes('"value"')) {
      for (const pair of line.matchAll(NAME_AND_VALUE)) judge(pair[1] as string, pair[2] as string, reporter, policy);
    }
  }
}

/** Registers `value` with `reporter` if it is a secret as the value of `name` (a value no parser reads). */
export function redactUnread(name: string, value: string, reporter: Reporter, policy: SecretPolicy = NO_POLICY): void {
  judge(name, value, reporter, policy);
}

/** Nesting followed below a node (aliases may make a deep tree of a small file). */
const MAX_TREE_DEPTH = 64;

/**
 * Registers the secret values under `node`, a part of a file that is shown but not read: each
 * `name: value` entry judged as a variable, the lines of each string as in a file that could
 * not be read (`content: |` of a file EB writes), and passwords given as command options. With
 * `done`, a node already judged is skipped (a part many services share through an anchor).
 */
export function redactUnreadTree(node: YNode, reporter: Reporter, policy: SecretPolicy = NO_POLICY, done?: WeakSet<object>): void {
  if (done) {
    if (done.has(node)) return;
    done.add(node);
  }
  walk(node, undefined, reporter, policy, new Set(), 0);
}

/**
 * The same for one entry, `key: value`, not read (a key the schema does not define, the first
 * of a key written twice): judged as an entry of a mapping `redactUnreadTree` walks.
 */
export function redactUnreadEntry(key: string, value: YNode, reporter: Reporter, policy: SecretPolicy = NO_POLICY): void {
  walk(value, key, reporter, policy, new Set(), 0);
}

/** `node`, the value of the entry `key` when it is one: see `redactUnreadTree`. */
function walk(node: YNode, key: string | undefined, reporter: Reporter, policy: SecretPolicy, seen: Set<YNode>, depth: number): void {
  if (node.kind === 'scalar' && key !== undefined && node.value !== null) judge(key, String(node.value), reporter, policy);
  if (depth > MAX_TREE_DEPTH || seen.has(node)) return;
  seen.add(node);
  if (node.kind === 'scalar') {
    if (typeof node.value !== 'string') return;
    redactAssignments(node.value, reporter, policy);
    for (const p of commandLinePasswords([node.value])) reporter.redact(p);
  } else if (node.kind === 'seq') {
    for (const item of node.items) walk(item, undefined, reporter, policy, seen, depth + 1);
  } else {
    for (const e of node.entries) walk(e.value, e.key, reporter, policy, seen, depth + 1);
  }
}

function judge(name: string, value: string, reporter: Reporter, policy: SecretPolicy): void {
  // Nothing written (a mapping or a list follows), a collection, a block scalar, an anchor, an
  // alias or a tag, or a variable the shell fills in.
  if (value === '' || NOT_A_VALUE.test(value)) return;
  if (classifySecret(name, value, policy).secret) reporter.redact(value, name);
}

/** The value as a parser would give it: inside its quotes, or without a comment and a trailing `,`. */
function valueOf(raw: string): string {
  const v = raw.trim();
  const q = v[0];
  if (q === '"' || q === "'") {
    const end = v.indexOf(q, 1);
    return end === -1 ? v.slice(1) : v.slice(1, end);
  }
  const comment = v.search(/[ \t]#/);
  const bare = comment === -1 ? v : v.slice(0, comment).trimEnd();
  return bare.endsWith(',') ? bare.slice(0, -1).trimEnd() : bare;
}
