import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Every file under `dir`, as sorted `/`-separated relative paths. */
export function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, base));
    else out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

export function readTree(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

export function tempDir(prefix = 'ecsify-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies a folder into a fresh temp folder under `name` and returns the temp root. */
export function copyToTemp(src: string, name: string): string {
  const root = tempDir();
  mkdirSync(path.join(root, name), { recursive: true });
  cpSync(src, path.join(root, name), { recursive: true });
  return root;
}
