/**
 * Writes emitted files into the output folder atomically and without clobbering the user's
 * files: everything is written to a temporary folder next to the output first, then renamed into
 * place. `.ecsify-manifest.json` records what ecsify wrote (with content hashes), so a later run
 * may replace those files (and remove the ones it no longer generates) but refuses to overwrite
 * anything else, or a generated file the user has edited since, unless forced.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EmittedFile } from '../emitters/types.js';

export const MANIFEST = '.ecsify-manifest.json';

interface Manifest {
  generator: string;
  files: Record<string, string>;
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function readManifest(outDir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(path.join(outDir, MANIFEST), 'utf8')) as Manifest;
    return m && typeof m.files === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}

export type WriteOutcome =
  | { ok: true; written: string[]; removed: string[] }
  | { ok: false; conflicts: string[] };

/** Files that exist in `outDir` and were not written by ecsify (or were edited since). */
export function findConflicts(outDir: string, files: readonly EmittedFile[]): string[] {
  if (!existsSync(outDir)) return [];
  const manifest = readManifest(outDir);
  const conflicts: string[] = [];
  for (const f of files) {
    const target = path.join(outDir, f.path);
    if (!existsSync(target)) continue;
    const known = manifest?.files[f.path];
    let onDisk: string | undefined;
    try {
      onDisk = statSync(target).isFile() ? sha256(readFileSync(target)) : undefined;
    } catch {
      onDisk = undefined;
    }
    if (!known || known !== onDisk) conflicts.push(f.path);
  }
  return conflicts;
}

export function writeOutput(outDir: string, files: readonly EmittedFile[], options: { force: boolean; generator: string }): WriteOutcome {
  if (!options.force) {
    const conflicts = findConflicts(outDir, files);
    if (conflicts.length > 0) return { ok: false, conflicts };
  }
  const previous = existsSync(outDir) ? readManifest(outDir) : undefined;

  const parent = path.dirname(path.resolve(outDir));
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(path.join(parent, '.ecsify-tmp-'));
  // Folders made so far: a thousand files share a handful of folders.
  const made = new Set<string>();
  const ensureDir = (dir: string) => {
    if (made.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  };
  try {
    // Each file is encoded once: the same bytes are written and hashed for the manifest.
    const hashes = new Map<string, string>();
    for (const f of files) {
      const p = path.join(tmp, f.path);
      const bytes = Buffer.from(f.contents, 'utf8');
      ensureDir(path.dirname(p));
      writeFileSync(p, bytes);
      hashes.set(f.path, sha256(bytes));
    }
    const manifest: Manifest = { generator: options.generator, files: {} };
    for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) manifest.files[f.path] = hashes.get(f.path) as string;
    writeFileSync(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    if (!existsSync(outDir)) {
      renameSync(tmp, outDir);
      return { ok: true, written: files.map((f) => f.path), removed: [] };
    }
    for (const f of files) {
      const target = path.join(outDir, f.path);
      ensureDir(path.dirname(target));
      renameSync(path.join(tmp, f.path), target);
    }
    const removed: string[] = [];
    for (const [old, hash] of Object.entries(previous?.files ?? {})) {
      if (old in manifest.files) continue;
      const target = path.join(outDir, old);
      try {
        if (sha256(readFileSync(target)) === hash) {
          unlinkSync(target);
          removed.push(old);
        }
      } catch {
        // Already gone.
      }
    }
    renameSync(path.join(tmp, MANIFEST), path.join(outDir, MANIFEST));
    return { ok: true, written: files.map((f) => f.path), removed };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
