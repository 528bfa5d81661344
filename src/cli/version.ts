import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';

let cached: string | undefined;

/** ecsify's version, from package.json (works from src/ under tests and from dist/). */
export function ecsifyVersion(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
    cached = pkg.version ?? '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
