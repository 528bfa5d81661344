import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** ecsify's version, from package.json (works from src/ under tests and from dist/). */
export function ecsifyVersion(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    cached = pkg.version ?? '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
