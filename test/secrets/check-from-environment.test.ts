import { describe, expect, it } from 'vitest';
import { checkFromEnvironment, quoteStateAt, type Substitution } from '../../src/secrets/check-from-environment.js';

/** Substitutions of `value` wherever it stands in the command's words (after the first), read from `name`. */
function subs(command: string[], value: string, name: string): Substitution[] {
  const out: Substitution[] = [];
  command.forEach((word, i) => {
    if (i === 0) return;
    for (let at = word.indexOf(value); at >= 0; at = word.indexOf(value, at + value.length)) out.push({ word: i, index: at, length: value.length, name });
  });
  return out;
}

describe('checkFromEnvironment', () => {
  const PW = 'S3cret-Pw_99';
  it.each([
    // A shell line: the expansion fits the quoting around the value.
    [['CMD-SHELL', `sqlcmd -S localhost -U sa -P ${PW} -Q 'SELECT 1' || exit 1`], ['CMD-SHELL', `sqlcmd -S localhost -U sa -P "$SA_PASSWORD" -Q 'SELECT 1' || exit 1`]],
    [['CMD-SHELL', `curl -fu "admin:${PW}" http://localhost/`], ['CMD-SHELL', 'curl -fu "admin:$SA_PASSWORD" http://localhost/']],
    [['CMD-SHELL', `mysql -e 'select 1' -p'${PW}'`], ['CMD-SHELL', `mysql -e 'select 1' -p''"$SA_PASSWORD"''`]],
    [['CMD-SHELL', `a ${PW} && b ${PW}`], ['CMD-SHELL', 'a "$SA_PASSWORD" && b "$SA_PASSWORD"']],
    // Inside double quotes before a name character, the quotes close around the variable.
    [['CMD-SHELL', `echo "pw=${PW}x ${PW}."`], ['CMD-SHELL', 'echo "pw=""$SA_PASSWORD""x $SA_PASSWORD."']],
    // Exec form: each word quoted as the shell needs, the value read from the variable.
    [['CMD', 'redis-cli', '-a', PW, 'ping'], ['CMD-SHELL', 'redis-cli -a "$SA_PASSWORD" ping']],
    [['CMD', 'curl', '-fu', `admin:${PW}`, 'http://localhost/health?full=1&x=y'], ['CMD-SHELL', `curl -fu admin:"$SA_PASSWORD" 'http://localhost/health?full=1&x=y'`]],
    [['CMD', 'app', 'check', "it's", '', '$HOME', PW], ['CMD-SHELL', `app check 'it'\\''s' '' '$HOME' "$SA_PASSWORD"`]],
  ])('%j → %j', (command, expected) => {
    expect(checkFromEnvironment(command, subs(command, PW, 'SA_PASSWORD'))).toEqual(expected);
  });

  it.each([
    // After a backslash the first character of the value is escaped: not rewritten.
    [['CMD-SHELL', `echo \\${PW}`], 'SA_PASSWORD'],
    // A value across a quote, a form without a command, a name the shell does not expand.
    [['CMD-SHELL', `echo "${PW.slice(0, 4)}"${PW.slice(4)}`], 'SA_PASSWORD'],
    [['NONE'], 'SA_PASSWORD'],
    [['CMD', 'app', PW], 'SA-PASSWORD'],
    [['CMD-SHELL', `a ${PW}`, 'extra'], 'SA_PASSWORD'],
  ])('leaves %j alone (variable %s)', (command, name) => {
    const found = command.includes(`echo "${PW.slice(0, 4)}"${PW.slice(4)}`) ? [{ word: 1, index: 6, length: PW.length + 2, name }] : subs(command, PW, name);
    expect(checkFromEnvironment(command, found)).toBeUndefined();
  });

  it('reads quoting as sh does', () => {
    const line = `a 'b "c' "d 'e \\" f" \\'g`;
    expect(quoteStateAt(line, line.indexOf('b'))).toBe('single');
    expect(quoteStateAt(line, line.indexOf('c'))).toBe('single');
    expect(quoteStateAt(line, line.indexOf('d'))).toBe('double');
    expect(quoteStateAt(line, line.indexOf('e'))).toBe('double');
    expect(quoteStateAt(line, line.indexOf('f'))).toBe('double');
    expect(quoteStateAt(line, line.indexOf('g'))).toBe('none');
    expect(quoteStateAt(line, line.indexOf('g') - 1)).toBeUndefined(); // the escaped quote
  });
});
