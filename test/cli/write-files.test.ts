import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST, writeOutput } from '../../src/cli/write-files.js';
import { tempDir } from '../support/fs-tree.js';

const gen = { force: false, generator: 'ecsify test' };

describe('writeOutput', () => {
  it('creates the folder and a manifest, leaving no temp folder behind', () => {
    const root = tempDir();
    const out = path.join(root, 'ecs');
    const r = writeOutput(out, [{ path: 'a/b.json', contents: '{}\n' }], gen);
    expect(r).toEqual({ ok: true, written: ['a/b.json'], removed: [] });
    expect(readFileSync(path.join(out, 'a/b.json'), 'utf8')).toBe('{}\n');
    expect(JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')).files).toHaveProperty('a/b.json');
    expect(readdirSync(root)).toEqual(['ecs']);
  });

  it('overwrites its own files and removes the ones it no longer generates', () => {
    const out = path.join(tempDir(), 'ecs');
    writeOutput(out, [{ path: 'x.json', contents: '1' }, { path: 'old.json', contents: 'o' }], gen);
    const r = writeOutput(out, [{ path: 'x.json', contents: '2' }], gen);
    expect(r).toEqual({ ok: true, written: ['x.json'], removed: ['old.json'] });
    expect(readFileSync(path.join(out, 'x.json'), 'utf8')).toBe('2');
    expect(existsSync(path.join(out, 'old.json'))).toBe(false);
  });

  it('refuses to overwrite a file it did not write, or one edited since, unless forced', () => {
    const out = path.join(tempDir(), 'ecs');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'mine.json'), 'user');
    expect(writeOutput(out, [{ path: 'mine.json', contents: 'gen' }], gen)).toEqual({ ok: false, conflicts: ['mine.json'] });
    expect(readFileSync(path.join(out, 'mine.json'), 'utf8')).toBe('user');

    writeOutput(out, [{ path: 'gen.json', contents: 'v1' }], gen);
    writeFileSync(path.join(out, 'gen.json'), 'edited by hand');
    expect(writeOutput(out, [{ path: 'gen.json', contents: 'v2' }], gen)).toEqual({ ok: false, conflicts: ['gen.json'] });

    expect(writeOutput(out, [{ path: 'mine.json', contents: 'gen' }], { ...gen, force: true }).ok).toBe(true);
    expect(readFileSync(path.join(out, 'mine.json'), 'utf8')).toBe('gen');
  });

  it('never removes a stale file the user edited', () => {
    const out = path.join(tempDir(), 'ecs');
    writeOutput(out, [{ path: 'old.json', contents: 'o' }], gen);
    writeFileSync(path.join(out, 'old.json'), 'mine now');
    const r = writeOutput(out, [{ path: 'new.json', contents: 'n' }], gen);
    expect(r).toEqual({ ok: true, written: ['new.json'], removed: [] });
    expect(readFileSync(path.join(out, 'old.json'), 'utf8')).toBe('mine now');
  });
});
