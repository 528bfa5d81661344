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

/**
 * One to four byte-level edits of a file: random bytes inserted (most are not UTF-8, some are
 * NUL or control characters), or the whole file re-encoded as UTF-16 (either byte order, with a
 * byte order mark) or given a UTF-8 byte order mark, as editors on Windows save files.
 */
export function mutateBytes(bytes: Buffer, rand: () => number): Buffer {
  let out = Buffer.from(bytes);
  const edits = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < edits; k++) {
    const r = rand();
    if (r < 0.1) out = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(out.toString('utf8'), 'utf16le')]);
    else if (r < 0.2) out = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(out.toString('utf8'), 'utf16le').swap16()]);
    else if (r < 0.3) out = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), out]);
    else {
      const at = Math.floor(rand() * (out.length + 1));
      const inserted = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => Math.floor(rand() * 256)));
      out = Buffer.concat([out.subarray(0, at), inserted, out.subarray(at)]);
    }
  }
  return out;
}
