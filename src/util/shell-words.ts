/**
 * Splits a command string into words the way Docker Compose does: go-shellwords' `Parse` with its
 * defaults (ParseEnv and ParseBacktick off: no variable expansion, no command substitution), no
 * shell involved. Blanks separate words, quotes group, adjacent parts join, a backslash escapes
 * the next character (inside double quotes too); `$(…)` and backquotes are kept as written,
 * blanks, quotes and operators inside them included. An unquoted `;`, `&`, `|`, `<` or `>` ends the
 * command and the rest is dropped (with a word of digits right before `>`, a file descriptor as in
 * `2>&1`). Errors: an unquoted `(` not preceded by `$`, a `)` that closes no `$(`, and quotes,
 * backquotes, `$(` or a trailing backslash left open.
 *
 * go-shellwords' newer releases turn `\t` and `\n` outside `$(…)`/backquotes into a tab and a
 * newline; this follows the behaviour measured with Docker Compose (compose.md §9.1: `"a\nb"` →
 * `anb`), where the backslash is simply removed.
 */
import { memoByText } from './memo.js';

export interface SplitResult {
  words: string[];
  /** Text after an unquoted shell operator, which Compose silently drops. */
  dropped?: string;
  /** Why the string cannot be split. */
  error?: string;
}

export function splitShellWords(input: string): SplitResult {
  const known = splits(input);
  // A copy: callers own their words (a pass may mask a token in one container's command).
  const out: SplitResult = { words: known.words.slice() };
  if (known.dropped !== undefined) out.dropped = known.dropped;
  if (known.error !== undefined) out.error = known.error;
  return out;
}

/**
 * Splits by input text: a project repeats a handful of commands over hundreds of services, and
 * the split builds its words a character at a time. Callers get copies (above).
 */
const splits = memoByText(split);

function split(input: string): SplitResult {
  const words: string[] = [];
  let buf = '';
  /** Whether a word has begun (an empty quoted word `''` counts). */
  let inWord = false;
  let escaped = false;
  /** The open quote, if any (single and double quotes cannot both be open). */
  let quote: "'" | '"' | undefined;
  /** Inside backquotes, or inside `$(…)`: everything is kept literally up to the closing one. */
  let backquote = false;
  let dollar = false;
  /** Where the word being read starts in `input` (for the text an fd redirect drops). */
  let wordStart = 0;
  let dropped: string | undefined;
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (escaped) {
      escaped = false;
      // Inside a substitution the backslash stays: the subshell would interpret it.
      buf += backquote || dollar ? `\\${c}` : c;
      inWord = true;
      continue;
    }
    if (c === '\\') {
      if (quote === "'") buf += c;
      else escaped = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (quote || backquote || dollar) {
        buf += c;
      } else {
        if (inWord) words.push(buf);
        buf = '';
        inWord = false;
        wordStart = i + 1;
      }
      continue;
    }
    let operator = false;
    switch (c) {
      case '`':
        if (!quote && !dollar) backquote = !backquote;
        break;
      case ')':
        if (!quote && !backquote) {
          if (!dollar) return { words: [], error: 'an unquoted ")" closes no "$("' };
          dollar = false;
        }
        break;
      case '(':
        if (!quote && !backquote) {
          if (!dollar && buf.endsWith('$') && !buf.endsWith('\\$')) {
            dollar = true;
            buf += c;
            continue;
          }
          return { words: [], error: 'an unquoted "(" is not allowed' };
        }
        break;
      case '"':
      case "'":
        // Opens a quote, or closes the one of the same kind (the other kind is literal inside).
        if (!dollar && !backquote && (quote === undefined || quote === c)) {
          if (quote) inWord = true;
          quote = quote ? undefined : c;
          continue;
        }
        break;
      case ';':
      case '&':
      case '|':
      case '<':
      case '>':
        operator = !(quote || backquote || dollar);
        break;
    }
    if (operator) {
      if (c === '>' && /^[0-9]+$/.test(buf)) {
        // `2>&1`: the digits name a file descriptor and go with the redirection.
        inWord = false;
        dropped = input.slice(wordStart).trim();
      } else {
        dropped = input.slice(i).trim();
      }
      break;
    }
    inWord = true;
    buf += c;
  }
  if (escaped) return { words: [], error: 'it ends with a backslash that escapes nothing' };
  if (quote) return { words: [], error: `the ${quote === '"' ? 'double' : 'single'} quote is not closed` };
  if (backquote) return { words: [], error: 'a backquote is not closed' };
  if (dollar) return { words: [], error: 'a "$(" is not closed' };
  if (inWord) words.push(buf);
  return dropped === undefined ? { words } : { words, dropped };
}

/** Quotes one argument for display in a shell-like command line (only when it needs it). */
export function quoteWord(word: string): string {
  if (word === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return shellQuote(word);
}

/** One word for `sh` in single quotes, always (a quote inside closes, escapes and reopens them). */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
