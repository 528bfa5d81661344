/**
 * Splits a command string into words the way Docker Compose does (go-shellwords, no shell):
 * blanks separate words, quotes group, adjacent parts join, a backslash escapes the next
 * character (inside double quotes too), and an unquoted `;`, `&`, `|`, `<` or `>` ends the
 * command — the rest is dropped. An unquoted `(` not preceded by `$` and unbalanced quotes are
 * errors.
 */
export interface SplitResult {
  words: string[];
  /** Text after an unquoted shell operator, which Compose silently drops. */
  dropped?: string;
  /** Why the string cannot be split. */
  error?: string;
}

export function splitShellWords(input: string): SplitResult {
  const words: string[] = [];
  let buf = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  let escaped = false;
  let dollar = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (escaped) {
      buf += c;
      escaped = false;
      inWord = true;
      dollar = false;
      continue;
    }
    if (c === '\\') {
      if (quote === "'") {
        buf += c;
      } else {
        escaped = true;
        inWord = true;
      }
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      else buf += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
      dollar = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (inWord) words.push(buf);
      buf = '';
      inWord = false;
      dollar = false;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '<' || c === '>') {
      // `2>&1`: a word starting with a digit right before `>` is a file descriptor, not an argument.
      const fdRedirect = c === '>' && /^[0-9]/.test(buf);
      if (inWord && !fdRedirect) words.push(buf);
      return { words, dropped: input.slice(i).trim() };
    }
    if (c === '(' && !dollar) {
      return { words: [], error: 'an unquoted "(" is not allowed' };
    }
    dollar = c === '$';
    buf += c;
    inWord = true;
  }
  if (escaped) buf += '';
  if (quote) return { words: [], error: `the ${quote === '"' ? 'double' : 'single'} quote is not closed` };
  if (inWord) words.push(buf);
  return { words };
}

/** Quotes one argument for display in a shell-like command line. */
export function quoteWord(word: string): string {
  if (word === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
