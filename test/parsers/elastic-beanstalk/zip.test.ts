import { readdirSync } from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bufferSource, checkEntryName, openZip, type ZipLimits } from '../../../src/parsers/elastic-beanstalk/zip.js';
import { writeZip, zipFiles } from '../../support/zip-writer.js';
import { dockerrun, loadEb, ofRule } from './helpers.js';

const limits = (over: Partial<ZipLimits> = {}): ZipLimits => ({ maxEntries: 100, maxEntryBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, maxArchiveBytes: 64 * 1024 * 1024, ...over });

describe('zip reader', () => {
  it('reads stored and deflated entries into memory', () => {
    const zip = openZip(bufferSource(writeZip([{ name: 'a.txt', data: 'stored', method: 0 }, { name: 'dir/', data: '' }, { name: 'dir/b.txt', data: 'deflated '.repeat(100) }])), limits());
    expect(zip.problems).toEqual([]);
    expect([...zip.entries.keys()].sort()).toEqual(['a.txt', 'dir', 'dir/b.txt']);
    expect(zip.read(zip.entries.get('a.txt')!)?.toString()).toBe('stored');
    expect(zip.read(zip.entries.get('dir/b.txt')!)?.toString()).toBe('deflated '.repeat(100));
  });

  const unsafe: [string, string][] = [
    ['../evil', 'climbs out'],
    ['a/../../evil', 'climbs out'],
    ['/etc/passwd', 'absolute'],
    ['C:\\Windows\\evil.dll', 'drive letter'],
    ['..\\evil', 'climbs out'],
    ['nul\0byte', 'NUL'],
  ];
  for (const [name, why] of unsafe) {
    it(`refuses the entry name ${JSON.stringify(name)} (${why})`, () => {
      const zip = openZip(bufferSource(writeZip([{ name, data: 'x' }, { name: 'ok.txt', data: 'ok' }])), limits());
      expect([...zip.entries.keys()]).toEqual(['ok.txt']);
      expect(zip.problems.map((p) => p.kind)).toEqual(['unsafe-entry']);
      expect(zip.problems[0]?.message).toMatch(new RegExp(why));
    });
  }

  it('normalises names: `./` prefixes and backslash separators (reported)', () => {
    expect(checkEntryName('./a/./b')).toEqual({ name: 'a/b', backslash: false });
    const zip = openZip(bufferSource(writeZip([{ name: '.ebextensions\\01.config', data: 'x' }])), limits());
    expect([...zip.entries.keys()]).toEqual(['.ebextensions/01.config']);
    expect(zip.problems.map((p) => p.kind)).toEqual(['backslash']);
  });

  it('limits the number of entries', () => {
    const zip = openZip(bufferSource(zipFiles({ a: '1', b: '2', c: '3' })), limits({ maxEntries: 2 }));
    expect(zip.entries.size).toBe(0);
    expect(zip.problems[0]).toMatchObject({ kind: 'limit' });
  });

  it('limits the size of one entry and of everything read', () => {
    const big = 'x'.repeat(2000);
    const zip = openZip(bufferSource(zipFiles({ a: big, b: big, c: 'small' })), limits({ maxEntryBytes: 2500, maxTotalBytes: 3000 }));
    expect(zip.read(zip.entries.get('a')!)?.length).toBe(2000);
    expect(zip.read(zip.entries.get('b')!)).toBeUndefined(); // over the total
    expect(zip.read(zip.entries.get('c')!)?.toString()).toBe('small');
    const tight = openZip(bufferSource(zipFiles({ a: big })), limits({ maxEntryBytes: 1000 }));
    expect(tight.read(tight.entries.get('a')!)).toBeUndefined();
    expect(tight.problems.map((p) => p.kind)).toEqual(['limit']);
  });

  it('stops a zip bomb that lies about its size', () => {
    const bomb = writeZip([{ name: 'bomb', data: Buffer.alloc(5 * 1024 * 1024), declaredSize: 10 }]);
    expect(bomb.length).toBeLessThan(20_000);
    const zip = openZip(bufferSource(bomb), limits());
    expect(zip.read(zip.entries.get('bomb')!)).toBeUndefined();
    expect(zip.problems[0]).toMatchObject({ kind: 'entry-unreadable' });
  });

  it('reports damaged archives instead of throwing', () => {
    expect(openZip(bufferSource(Buffer.from('not a zip')), limits()).problems[0]).toMatchObject({ kind: 'invalid' });
    expect(openZip(bufferSource(Buffer.alloc(0)), limits()).problems[0]).toMatchObject({ kind: 'invalid' });
    const good = writeZip([{ name: 'a', data: 'hello' }]);
    const truncated = good.subarray(0, good.length - 30);
    expect(openZip(bufferSource(truncated), limits()).problems.length).toBeGreaterThan(0);
    const badCrc = openZip(bufferSource(writeZip([{ name: 'a', data: 'hello', crc: 1234 }])), limits());
    expect(badCrc.read(badCrc.entries.get('a')!)).toBeUndefined();
    expect(badCrc.problems[0]?.message).toMatch(/CRC/);
    const enc = openZip(bufferSource(writeZip([{ name: 'a', data: 'hello', encrypted: true }])), limits());
    expect(enc.read(enc.entries.get('a')!)).toBeUndefined();
    expect(enc.problems[0]?.message).toMatch(/encrypted/);
    const bzip = openZip(bufferSource(writeZip([{ name: 'a', data: 'hello', method: 12 }])), limits());
    expect(bzip.read(bzip.entries.get('a')!)).toBeUndefined();
    expect(bzip.problems[0]?.message).toMatch(/method 12/);
  });

  it('never throws on random bytes', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const base = writeZip([{ name: 'Dockerrun.aws.json', data: '{"a": 1}' }, { name: 'x/y', data: 'z'.repeat(300) }]);
    for (let i = 0; i < 300; i++) {
      const b = Buffer.from(base);
      for (let k = 0; k < 4; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      const zip = openZip(bufferSource(b), limits());
      for (const e of zip.entries.values()) zip.read(e);
    }
    expect(zlib).toBeDefined();
  });
});

describe('zip source bundles', () => {
  const V1 = dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'nginx:1.25' }, Ports: [{ ContainerPort: '80' }] });

  it('reads a bundle from a .zip, with origins inside the zip', async () => {
    const zip = zipFiles({ 'Dockerrun.aws.json': V1, '.ebextensions/01.config': 'option_settings:\n  aws:autoscaling:asg:\n    MinSize: 2\n    MaxSize: 3\n' });
    const l = await loadEb({ 'app.zip': zip }, { input: 'app.zip' });
    expect(l.app?.source.kind).toBe('eb-dockerrun-v1');
    expect(l.app?.source.files).toEqual(['app.zip/.ebextensions/01.config', 'app.zip/Dockerrun.aws.json']);
    expect(l.app?.services[0]?.scaling).toMatchObject({ min: 2, max: 3 });
    expect(l.app?.services[0]?.origin?.file).toBe('app.zip/Dockerrun.aws.json');
    expect(ofRule(l, 'eb/scaling')[0]?.origin?.file).toBe('app.zip/.ebextensions/01.config');
  });

  it('re-roots a zip whose files sit in one top folder, and says EB would not find them', async () => {
    const l = await loadEb({ 'app.zip': zipFiles({ 'shop/Dockerrun.aws.json': V1 }) }, { input: 'app.zip' });
    expect(l.app?.services).toHaveLength(1);
    expect(ofRule(l, 'eb/bundle-layout')[0]?.message).toMatch(/shop\//);
    expect(l.app?.source.files).toEqual(['app.zip/shop/Dockerrun.aws.json']);
  });

  it('reads the EB CLI deploy artifact instead of the folder', async () => {
    const l = await loadEb({
      '.elasticbeanstalk/config.yml': 'deploy:\n  artifact: build/app.zip\nglobal:\n  application_name: shop\n',
      'build/app.zip': zipFiles({ 'Dockerrun.aws.json': V1 }),
      Procfile: 'web: node server.js\n',
    });
    expect(l.app?.source.kind).toBe('eb-dockerrun-v1');
    expect(l.app?.source.files).toEqual(['.elasticbeanstalk/config.yml', 'build/app.zip/Dockerrun.aws.json']);
    expect(ofRule(l, 'eb/deploy-artifact')[0]?.hint).toMatch(/reads build\/app.zip/);
  });

  it('unpacks a compose bundle only into a temporary folder, and removes it', async () => {
    const before = readdirSync(os.tmpdir()).filter((n) => n.startsWith('ecsify-eb-') && !n.startsWith('ecsify-eb-test-')).length;
    const zip = zipFiles({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.25\n    ports:\n      - "80:80"\n' });
    const l = await loadEb({ 'app.zip': zip }, { input: 'app.zip' });
    expect(l.app?.source.kind).toBe('eb-docker-compose');
    expect(l.app?.services.map((s) => s.name)).toEqual(['web']);
    const after = readdirSync(os.tmpdir()).filter((n) => n.startsWith('ecsify-eb-') && !n.startsWith('ecsify-eb-test-')).length;
    expect(after).toBe(before);
  });
});
