import { existsSync, lstatSync, readFileSync, writeFileSync, mkdirSync, readdirSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST, OutputWriter, writeOutput } from '../../src/cli/write-files.js';
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

  it('removes the folders that held only files it removed, and keeps one that holds anything else', () => {
    const out = path.join(tempDir(), 'ecs');
    writeOutput(out, [{ path: 'keep.json', contents: 'k' }, { path: 'cdk/lib/stack.ts', contents: 's' }, { path: 'cdk/bin/app.ts', contents: 'a' }, { path: 'cloudformation/template.yaml', contents: 't' }], gen);
    writeFileSync(path.join(out, 'cloudformation', 'notes.txt'), 'mine');
    const r = writeOutput(out, [{ path: 'keep.json', contents: 'k' }], gen);
    expect(r).toEqual({ ok: true, written: ['keep.json'], removed: ['cdk/bin/app.ts', 'cdk/lib/stack.ts', 'cloudformation/template.yaml'] });
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'cloudformation', 'keep.json']);
    expect(readdirSync(path.join(out, 'cloudformation'))).toEqual(['notes.txt']);
  });

  it('removes stale files only inside the output folder: never by a path out of it, or through a link', () => {
    const root = tempDir();
    const out = path.join(root, 'ecs');
    writeOutput(out, [{ path: 'x.json', contents: '1' }], gen);
    // A manifest is a file like any other (a repository may hold one): an entry that leads out of
    // the folder, or through a folder that is a link to elsewhere, is not a file to remove.
    writeFileSync(path.join(root, 'precious.txt'), 'p');
    mkdirSync(path.join(root, 'elsewhere'));
    writeFileSync(path.join(root, 'elsewhere', 'precious.txt'), 'p');
    symlinkSync(path.join(root, 'elsewhere'), path.join(out, 'linked'));
    const hash = createHash('sha256').update('p').digest('hex');
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')) as { files: Record<string, string> };
    Object.assign(manifest.files, { '../precious.txt': hash, [path.join(root, 'precious.txt')]: hash, 'linked/precious.txt': hash });
    writeFileSync(path.join(out, MANIFEST), JSON.stringify(manifest));
    expect(writeOutput(out, [{ path: 'x.json', contents: '2' }], gen)).toEqual({ ok: true, written: ['x.json'], removed: [] });
    expect(existsSync(path.join(root, 'precious.txt'))).toBe(true);
    expect(existsSync(path.join(root, 'elsewhere', 'precious.txt'))).toBe(true);
  });

  it('never removes a stale file the user edited', () => {
    const out = path.join(tempDir(), 'ecs');
    writeOutput(out, [{ path: 'old.json', contents: 'o' }], gen);
    writeFileSync(path.join(out, 'old.json'), 'mine now');
    const r = writeOutput(out, [{ path: 'new.json', contents: 'n' }], gen);
    expect(r).toEqual({ ok: true, written: ['new.json'], removed: [] });
    expect(readFileSync(path.join(out, 'old.json'), 'utf8')).toBe('mine now');
  });

  it('leaves a file that already holds the new bytes in place and replaces the others', () => {
    const out = path.join(tempDir(), 'ecs');
    const first = [
      { path: 'same.json', contents: 'unchanged ✓\n' },
      { path: 'sized.json', contents: 'abc' },
      { path: 'grown.json', contents: 'a' },
    ];
    writeOutput(out, first, gen);
    const ino = (p: string) => statSync(path.join(out, p)).ino;
    const before = { same: ino('same.json'), sized: ino('sized.json'), grown: ino('grown.json') };
    for (const force of [false, true]) {
      const next = [
        { path: 'same.json', contents: 'unchanged ✓\n' },
        { path: 'sized.json', contents: force ? 'xyz' : 'abd' },
        { path: 'grown.json', contents: force ? 'abcd' : 'ab' },
      ];
      const r = writeOutput(out, next, { ...gen, force });
      expect(r).toEqual({ ok: true, written: ['same.json', 'sized.json', 'grown.json'], removed: [] });
      for (const f of next) expect(readFileSync(path.join(out, f.path), 'utf8')).toBe(f.contents);
      // Replaced files are new files renamed into place; the unchanged one was never rewritten.
      expect(ino('same.json')).toBe(before.same);
      expect(ino('sized.json')).not.toBe(before.sized);
      expect(ino('grown.json')).not.toBe(before.grown);
      before.sized = ino('sized.json');
      before.grown = ino('grown.json');
    }
    expect(readdirSync(path.dirname(out))).toEqual(['ecs']);
  });

  it('compares large files block by block', () => {
    const out = path.join(tempDir(), 'ecs');
    // Same sizes: only the bytes tell them apart, in the first block or the last.
    const big = 'x'.repeat(200_000) + '…b\n';
    writeOutput(out, [{ path: 'same.json', contents: big }, { path: 'tail.json', contents: big }, { path: 'head.json', contents: big }], gen);
    const ino = (p: string) => statSync(path.join(out, p)).ino;
    const before = [ino('same.json'), ino('tail.json'), ino('head.json')];
    const next = [
      { path: 'same.json', contents: big },
      { path: 'tail.json', contents: big.slice(0, -2) + 'c\n' },
      { path: 'head.json', contents: 'y' + big.slice(1) },
    ];
    expect(writeOutput(out, next, { ...gen, force: true }).ok).toBe(true);
    for (const f of next) expect(readFileSync(path.join(out, f.path), 'utf8')).toBe(f.contents);
    expect(ino('same.json')).toBe(before[0]);
    expect(ino('tail.json')).not.toBe(before[1]);
    expect(ino('head.json')).not.toBe(before[2]);
  });

  it('takes over a file of the user that holds the same bytes (with --force), and replaces a link to the same bytes', () => {
    const root = tempDir();
    const out = path.join(root, 'ecs');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'mine.json'), 'gen');
    writeFileSync(path.join(root, 'elsewhere.json'), 'linked');
    symlinkSync(path.join(root, 'elsewhere.json'), path.join(out, 'link.json'));
    const files = [
      { path: 'mine.json', contents: 'gen' },
      { path: 'link.json', contents: 'linked' },
    ];
    expect(writeOutput(out, files, gen)).toEqual({ ok: false, conflicts: ['mine.json', 'link.json'] });
    expect(writeOutput(out, files, { ...gen, force: true }).ok).toBe(true);
    // The link is replaced by a file of its own; the file it pointed to is left alone.
    expect(lstatSync(path.join(out, 'link.json')).isFile()).toBe(true);
    expect(readFileSync(path.join(out, 'link.json'), 'utf8')).toBe('linked');
    expect(readFileSync(path.join(root, 'elsewhere.json'), 'utf8')).toBe('linked');
    // A generated file replaced by a link to the same bytes is still written back as a file.
    unlinkSync(path.join(out, 'link.json'));
    symlinkSync(path.join(root, 'elsewhere.json'), path.join(out, 'link.json'));
    expect(writeOutput(out, files, gen).ok).toBe(true);
    expect(lstatSync(path.join(out, 'link.json')).isFile()).toBe(true);
    // Both are now known as generated: a run without --force may replace them.
    expect(writeOutput(out, [{ path: 'mine.json', contents: 'v2' }, { path: 'link.json', contents: 'v2' }], gen).ok).toBe(true);
    expect(readFileSync(path.join(out, 'mine.json'), 'utf8')).toBe('v2');
  });
});

describe('OutputWriter', () => {
  it('writes batches into a temporary folder and moves them into place only at finish', () => {
    const root = tempDir();
    const out = path.join(root, 'ecs');
    const w = new OutputWriter(out, gen);
    w.add([{ path: 'task-definitions/a.json', contents: 'a' }]);
    // Written, but not in place yet.
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root).filter((n) => n.startsWith('.ecsify-tmp'))).toHaveLength(1);
    w.add([{ path: 'ir.json', contents: 'ir' }]);
    expect(w.finish()).toEqual({ ok: true, written: ['task-definitions/a.json', 'ir.json'], removed: [] });
    expect(readFileSync(path.join(out, 'ir.json'), 'utf8')).toBe('ir');
    expect(Object.keys(JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')).files)).toEqual(['ir.json', 'task-definitions/a.json']);
    expect(readdirSync(root)).toEqual(['ecs']);
  });

  it('reports the conflicts of every batch and writes nothing, once one is found', () => {
    const root = tempDir();
    const out = path.join(root, 'ecs');
    writeOutput(out, [{ path: 'ok.json', contents: '1' }], gen);
    writeFileSync(path.join(out, 'b.json'), 'user');
    writeFileSync(path.join(out, 'c.json'), 'user');
    const w = new OutputWriter(out, gen);
    w.add([{ path: 'ok.json', contents: '2' }]);
    w.add([{ path: 'b.json', contents: 'gen' }]);
    w.add([{ path: 'c.json', contents: 'gen' }, { path: 'd.json', contents: 'gen' }]);
    expect(w.finish()).toEqual({ ok: false, conflicts: ['b.json', 'c.json'] });
    expect(readFileSync(path.join(out, 'ok.json'), 'utf8')).toBe('1');
    expect(readFileSync(path.join(out, 'b.json'), 'utf8')).toBe('user');
    expect(existsSync(path.join(out, 'd.json'))).toBe(false);
    expect(readdirSync(root)).toEqual(['ecs']);
  });

  it('leaves the folder as it was when aborted', () => {
    const root = tempDir();
    const out = path.join(root, 'ecs');
    writeOutput(out, [{ path: 'x.json', contents: '1' }], gen);
    const w = new OutputWriter(out, gen);
    w.add([{ path: 'x.json', contents: '2' }, { path: 'y.json', contents: 'y' }]);
    w.abort();
    expect(readFileSync(path.join(out, 'x.json'), 'utf8')).toBe('1');
    expect(existsSync(path.join(out, 'y.json'))).toBe(false);
    expect(readdirSync(root)).toEqual(['ecs']);
  });
});
