/**
 * Seeded random edits of an input file's text, for tests that feed damaged input to the whole
 * tool: a few deletions, insertions of syntax that YAML, JSON, Procfiles and .ebextensions give
 * meaning to, and copies of a stretch of the text elsewhere (`mutateText`); or edits of the
 * values of `key: value` lines only, which usually leave the file readable, so the damage
 * reaches what comes after the parser (`mutateValues`).
 */
const PIECES = ['{', '}', '[', ']', '"', ':', ',', '\n', '  ', '- ', 'null', '0', '-1', '99999', '!Ref x', '`{"Ref": "A"}`', 'aws:', '\t', '&a', '*a', '<<: *a'];

export function mutateText(text: string, rand: () => number): string {
  let t = text;
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (t.length + 1));
    const op = rand();
    if (op < 0.4) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 8));
    else if (op < 0.8) t = t.slice(0, at) + (PIECES[Math.floor(rand() * PIECES.length)] as string) + t.slice(at);
    else {
      const from = Math.floor(rand() * t.length);
      t = t.slice(0, at) + t.slice(from, from + 20) + t.slice(at);
    }
  }
  return t;
}

const VALUES = ['', '0', '-1', '1.5', '99999999999999999999', 'null', '~', 'true', '"yes"', "''", '[]', '{}', '[a, b]', '"${X}"', '"${X:?}"', '$$', '"a:b:c"', '"80:80/udp"', '"1.5.6.7::80"', '0.0.0.0:80:80', '"/x:/y:rw"', '512', '10k', '1e3', '"1h2m"', '-5s', 'host', 'service:x', '"CMD-SHELL"', '["CMD", "true"]', '\u00e9\u2014', '"\\t"'];

export function mutateValues(text: string, rand: () => number): string {
  const lines = text.split('\n');
  const edits = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * lines.length);
    const line = lines[at] as string;
    const colon = line.indexOf(': ');
    const dash = /^\s*- /.exec(line);
    const start = colon !== -1 ? colon + 2 : dash ? dash[0].length : -1;
    if (start === -1) continue;
    const value = VALUES[Math.floor(rand() * VALUES.length)] as string;
    const op = rand();
    if (op < 0.6) lines[at] = line.slice(0, start) + value;
    else if (op < 0.8) lines[at] = line.slice(0, start) + line.slice(start, start + Math.floor(rand() * (line.length - start))) + value;
    else lines.splice(at, 0, line);
  }
  return lines.join('\n');
}
