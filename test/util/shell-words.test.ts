import { describe, expect, it } from 'vitest';
import { quoteWord, shellQuote, splitShellWords } from '../../src/util/shell-words.js';
import { uniqueName } from '../../src/util/unique-name.js';

// Vectors from ../shared/docs/compose.md §9.1 (go-shellwords as used by Compose).
describe('splitShellWords', () => {
  const table: [string, string[], string?][] = [
    ['bundle exec thin -p 3000', ['bundle', 'exec', 'thin', '-p', '3000']],
    ["sh -c 'echo a && echo b'", ['sh', '-c', 'echo a && echo b']],
    ['echo a; echo b', ['echo', 'a'], '; echo b'],
    ['echo a | grep a', ['echo', 'a'], '| grep a'],
    ['python -c "print(1)" > out.txt', ['python', '-c', 'print(1)'], '> out.txt'],
    ['npm run migrate && npm start', ['npm', 'run', 'migrate'], '&& npm start'],
    ['echo $HOME ${X}', ['echo', '$HOME', '${X}']],
    ['node app.js --x ""', ['node', 'app.js', '--x', '']],
    ["echo 'a\\nb'", ['echo', 'a\\nb']],
    ['echo "a\\nb"', ['echo', 'anb']],
    ['echo a#b # c', ['echo', 'a#b', '#', 'c']],
    ['a\\ b c', ['a b', 'c']],
    ['x"y"z \'q\'r', ['xyz', 'qr']],
    ['echo $(date)', ['echo', '$(date)']],
    ['2>&1 foo', [], '2>&1 foo'],
    ['run 2>&1', ['run'], '2>&1'],
    ['run x2>&1', ['run', 'x2'], '>&1'],
    // $(…) and backquotes keep blanks, operators and quotes (audit 3; go-shellwords, ParseBacktick off).
    ['echo $(cat a | wc -l) done', ['echo', '$(cat a | wc -l)', 'done']],
    ['echo `date +%s` done', ['echo', '`date +%s`', 'done']],
    ['echo `a "b` c', ['echo', '`a "b`', 'c']],
    ["echo $(printf '%s' x)y", ['echo', "$(printf '%s' x)y"]],
    ['echo `a\\ b`', ['echo', '`a\\ b`']],
    ['echo "`x"', ['echo', '`x']],
    ["awk '{ gsub(/\\r/, \"\"); print }' f", ['awk', '{ gsub(/\\r/, ""); print }', 'f']],
    ['  spaced\tout \n words ', ['spaced', 'out', 'words']],
  ];
  for (const [input, words, dropped] of table) {
    it(JSON.stringify(input), () => {
      const r = splitShellWords(input);
      expect(r.error).toBeUndefined();
      expect(r.words).toEqual(words);
      expect(r.dropped).toBe(dropped);
    });
  }

  it('rejects an unquoted parenthesis and unbalanced quotes', () => {
    expect(splitShellWords('echo (x)').error).toMatch(/\(/);
    expect(splitShellWords('echo "abc').error).toMatch(/quote/);
    expect(splitShellWords("echo 'abc").error).toMatch(/quote/);
  });

  // Errors where go-shellwords (as Compose calls it) fails with "invalid command line string".
  const errors: [string, RegExp][] = [
    ['echo a\\', /backslash/],
    ['echo a) b', /\)/],
    ['echo `date', /backquote/],
    ['echo $(date', /\$\(/],
    ['echo $(a (b))', /\(/],
  ];
  for (const [input, message] of errors) {
    it(`error: ${JSON.stringify(input)}`, () => {
      const r = splitShellWords(input);
      expect(r.words).toEqual([]);
      expect(r.error).toMatch(message);
    });
  }

  it('keeps an escaped or quoted parenthesis', () => {
    expect(splitShellWords('echo \\(x\\) "(y)"').words).toEqual(['echo', '(x)', '(y)']);
  });
});

describe('splitShellWords remembers splits by text', () => {
  it('hands every caller its own words, with the same result each time', () => {
    const first = splitShellWords('redis-server --requirepass "a b" ; echo done');
    expect(first).toEqual({ words: ['redis-server', '--requirepass', 'a b'], dropped: '; echo done' });
    first.words[2] = '****';
    const again = splitShellWords('redis-server --requirepass "a b" ; echo done');
    expect(again).toEqual({ words: ['redis-server', '--requirepass', 'a b'], dropped: '; echo done' });
    expect(again.words).not.toBe(first.words);
    expect(splitShellWords('a "b')).toEqual({ words: [], error: 'the double quote is not closed' });
    expect(splitShellWords('a "b')).toEqual({ words: [], error: 'the double quote is not closed' });
  });
});

describe('quoting for sh', () => {
  it('shellQuote always quotes; quoteWord only when the word needs it; both read back as the word', () => {
    const table: [string, string, string][] = [
      ['abc', "'abc'", 'abc'],
      ['', "''", "''"],
      ["it's", "'it'\\''s'", "'it'\\''s'"],
      ['a b', "'a b'", "'a b'"],
      ['${HOME}', "'${HOME}'", "'${HOME}'"],
    ];
    for (const [word, always, needed] of table) {
      expect(shellQuote(word), word).toBe(always);
      expect(quoteWord(word), word).toBe(needed);
      expect(splitShellWords(shellQuote(word)).words, word).toEqual([word]);
    }
  });
});

describe('uniqueName', () => {
  it('numbers a taken name from 2, and leaves the set alone', () => {
    const taken = new Set(['job', 'job-2']);
    expect(uniqueName('free', taken)).toBe('free');
    expect(uniqueName('job', taken)).toBe('job-3');
    expect([...taken]).toEqual(['job', 'job-2']);
  });
});
