import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { volumeTarget } from '../../../../src/parsers/compose/merge.js';
import { rebasePath } from '../../../../src/parsers/compose/rebase.js';
import { loadFiles } from './helpers.js';

describe('rebasePath: a path relative to an extended/included file, made relative to the project', () => {
  const project = path.resolve('/p');
  const table: [string, string, string][] = [
    ['/p/lib', '.', './lib'],
    ['/p/lib', './data', './lib/data'],
    ['/p/lib', 'data/x', './lib/data/x'],
    ['/p/lib', '../top.env', './top.env'],
    ['/p/lib', '../../out', '../out'],
    ['/p', './same', './same'],
    ['/p/lib', '/abs/path', '/abs/path'],
    ['/p/lib', '~/home', '~/home'],
    ['/p/lib', 'https://github.com/a/b.git', 'https://github.com/a/b.git'],
    ['/p/lib', '', ''],
  ];
  for (const [from, value, want] of table) {
    it(`${value} in ${from} → ${want}`, () => expect(rebasePath(value, path.resolve(from), project)).toBe(want));
  }
});

describe('volumeTarget: the container path of a short volume spec', () => {
  const table: [string, string | undefined][] = [
    ['/data', '/data'],
    ['./src:/app', '/app'],
    ['./src:/app:ro', '/app'],
    ['named:/var/lib/x:rw,z', '/var/lib/x'],
    ['v:/data', 'v:/data'], // one-letter first field: a Windows drive (§14 case 30)
    ['C:\\dir:/data', '/data'],
    ['ab', 'ab'],
  ];
  for (const [spec, want] of table) it(`${spec} → ${want}`, () => expect(volumeTarget(spec)).toBe(want));
});

describe('rebasing in the loaded model', () => {
  it('rewrites bind sources (long form), secrets/configs files and bind driver_opts.device of included files', async () => {
    const l = await loadFiles({
      'compose.yaml': 'include: [sub/inc.yaml]\nservices:\n  web: {image: w}\n',
      'sub/inc.yaml': [
        'services:',
        '  api:',
        '    image: a',
        '    volumes:',
        '      - {type: bind, source: ./conf, target: /conf}',
        '      - {type: volume, source: data, target: /data}',
        '    develop: {watch: [{path: ./src, action: sync, target: /app}]}',
        'secrets:',
        '  key: {file: ./key.pem}',
        'configs:',
        '  cfg: {file: cfg.ini}',
        'volumes:',
        '  data: {driver: local, driver_opts: {type: none, o: bind, device: ./store}}',
        '',
      ].join('\n'),
    });
    const js = l.js as Record<string, Record<string, Record<string, unknown>>>;
    expect(js['services']?.['api']?.['volumes']).toEqual([
      { type: 'bind', source: './sub/conf', target: '/conf' },
      { type: 'volume', source: 'data', target: '/data' },
    ]);
    expect(js['services']?.['api']?.['develop']).toEqual({ watch: [{ path: './sub/src', action: 'sync', target: '/app' }] });
    expect(js['secrets']).toEqual({ key: { file: './sub/key.pem' } });
    expect(js['configs']).toEqual({ cfg: { file: './sub/cfg.ini' } });
    expect(js['volumes']?.['data']).toEqual({ driver: 'local', driver_opts: { type: 'none', o: 'bind', device: './sub/store' } });
    expect(l.rules).toEqual([]);
  });
});

describe('volumeTarget edge cases (same fields as splitting character by character)', () => {
  const table: [string, string | undefined][] = [
    ['a::b', 'b'],
    [':abc:d', 'abc'],
    ['C:', 'C:'],
    ['C:/x:/y:ro', '/y'],
    ['é:/data', 'é:/data'],
    ['\u{1F600}:/data', '/data'],
    ['src:', ''],
  ];
  for (const [spec, want] of table) it(`${JSON.stringify(spec)} → ${JSON.stringify(want)}`, () => expect(volumeTarget(spec)).toBe(want));
});
