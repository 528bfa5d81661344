/**
 * A health check that reads a secret from the container's environment instead of holding its
 * value: ECS injects secrets only as environment variables, and a health check runs inside the
 * container, where those variables are set. The check becomes a `CMD-SHELL` line (run by the
 * container's `/bin/sh`) with `"$NAME"` where the value stood, quoted so that the shell reads
 * every other word as the check wrote it. Never `${NAME}`: that is the form of the placeholders
 * the task definitions leave to fill (`placeholders`), which `envsubst` would replace.
 */
import { quoteWord } from '../util/shell-words.js';

/** Where a secret's value stands in a check (`word` indexes the whole command, `CMD` included), and the variable that holds it. */
export interface Substitution {
  word: number;
  index: number;
  length: number;
  name: string;
}

/** Names a POSIX shell expands as `$NAME`. */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The check (`["CMD", …]` or `["CMD-SHELL", line]`) with each substitution read from its
 * variable, as `["CMD-SHELL", line]`; undefined when it cannot be written safely: another form,
 * a name the shell cannot expand, or a value that starts after a backslash or spans a quote.
 */
export function checkFromEnvironment(command: readonly string[], subs: readonly Substitution[]): string[] | undefined {
  if (subs.length === 0 || subs.some((s) => !SHELL_NAME.test(s.name))) return undefined;
  const at = (word: number) => subs.filter((s) => s.word === word).sort((a, b) => a.index - b.index);
  if (command[0] === 'CMD-SHELL') {
    const line = command[1];
    if (command.length !== 2 || line === undefined || subs.some((s) => s.word !== 1)) return undefined;
    let out = '';
    let from = 0;
    for (const s of at(1)) {
      if (s.index < from) return undefined;
      const state = quoteStateAt(line, s.index);
      if (state === undefined || quoteStateAt(line, s.index + s.length) !== state) return undefined;
      out += line.slice(from, s.index) + expansion(s.name, state, line[s.index + s.length]);
      from = s.index + s.length;
    }
    return ['CMD-SHELL', out + line.slice(from)];
  }
  if (command[0] === 'CMD' && command.length > 1) {
    const words: string[] = [];
    for (let i = 1; i < command.length; i++) {
      const word = wordReadingVariables(command[i] as string, at(i));
      if (word === undefined) return undefined;
      words.push(word);
    }
    return ['CMD-SHELL', words.join(' ')];
  }
  return undefined;
}

type QuoteState = 'none' | 'single' | 'double';

/**
 * `"$NAME"` as it reads in each quoting state of a shell line, before the character `next`:
 * inside double quotes `$NAME` alone, unless a name character follows (it would lengthen the
 * name), where the quotes are closed around it.
 */
function expansion(name: string, state: QuoteState, next: string | undefined): string {
  if (state === 'double') return next !== undefined && /[A-Za-z0-9_]/.test(next) ? `""$${name}""` : `$${name}`;
  if (state === 'single') return `'"$${name}"'`;
  return `"$${name}"`;
}

/**
 * The quoting in force at `pos` of a shell line (what `sh` would be inside when it reads the
 * character there), or undefined right after a backslash, which escapes that character.
 */
export function quoteStateAt(line: string, pos: number): QuoteState | undefined {
  let state: QuoteState = 'none';
  for (let i = 0; i < pos; i++) {
    const c = line[i];
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (c === '\\') {
      if (i + 1 === pos) return undefined;
      i++;
    } else if (state === 'double') {
      if (c === '"') state = 'none';
    } else if (c === "'") state = 'single';
    else if (c === '"') state = 'double';
  }
  return state;
}

/** One word of an exec-form check as a shell word, its substitutions read from their variables. */
function wordReadingVariables(word: string, subs: readonly Substitution[]): string | undefined {
  // The text between substitutions, quoted where it needs it (nothing for none).
  const literal = (s: string) => (s === '' ? '' : quoteWord(s));
  if (subs.length === 0) return quoteWord(word);
  let out = '';
  let from = 0;
  for (const s of subs) {
    if (s.index < from) return undefined;
    out += literal(word.slice(from, s.index)) + `"$${s.name}"`;
    from = s.index + s.length;
  }
  return out + literal(word.slice(from));
}
