/**
 * Cheap tests for "is this an Elastic Beanstalk input?", kept apart from the EB front end so that
 * input detection does not load it for Compose projects.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Files and folders that only EB bundles (or EB CLI projects) have. */
export const EB_MARKERS: readonly string[] = ['Dockerrun.aws.json', 'Procfile', '.ebextensions', '.elasticbeanstalk', '.platform', 'env.yaml', 'Buildfile', 'cron.yaml'];

/** Dockerrun files a build renames (`Dockerrun.aws.json.t`, `.template`, `_v2`), read like the real one. */
export const DOCKERRUN_VARIANT = /^Dockerrun\.aws\.json./i;

/** Does a folder look like an EB bundle (rather than a plain Compose project)? */
export function hasEbMarkers(dir: string): boolean {
  const exact = EB_MARKERS.some((m) => {
    try {
      statSync(path.join(dir, m));
      return true;
    } catch {
      return false;
    }
  });
  if (exact) return true;
  try {
    return readdirSync(dir).some((n) => DOCKERRUN_VARIANT.test(n));
  } catch {
    return false;
  }
}

/** Is this file an EB input ecsify reads on its own (a bundle, or a file inside one)? */
export function isEbFile(file: string): boolean {
  const base = path.basename(file);
  const parent = path.basename(path.dirname(file));
  return (
    /\.zip$/i.test(base) ||
    /^Dockerrun\.aws\.json/i.test(base) ||
    base === 'Procfile' ||
    base === 'Buildfile' ||
    base === 'env.yaml' ||
    /\.cfg\.ya?ml$/.test(base) ||
    (/\.config$/.test(base) && parent !== '.platform') ||
    parent === '.ebextensions' ||
    parent === '.elasticbeanstalk'
  );
}
