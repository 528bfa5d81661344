/**
 * The zip golden fixture (test/fixtures/eb-zip-bundle) deploys `build/quotes.zip`, built by the
 * test zip writer from test/fixtures/eb-zip-bundle/bundle/. This test keeps the two in step:
 * `UPDATE=1` rebuilds the zip; otherwise its entries must match the source files exactly.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferSource, openZip } from '../../../src/parsers/elastic-beanstalk/zip.js';
import { readTree } from '../../support/fs-tree.js';
import { FIXTURES } from '../../support/paths.js';
import { zipFiles } from '../../support/zip-writer.js';

const CASE = path.join(FIXTURES, 'eb-zip-bundle');
const ZIP = path.join(CASE, 'input/build/quotes.zip');

describe('zip golden fixture', () => {
  it('matches its source folder', () => {
    const source = Object.fromEntries(readTree(path.join(CASE, 'bundle')));
    if (process.env['UPDATE'] === '1' || !existsSync(ZIP)) {
      mkdirSync(path.dirname(ZIP), { recursive: true });
      writeFileSync(ZIP, zipFiles(source));
    }
    const zip = openZip(bufferSource(readFileSync(ZIP)));
    expect(zip.problems).toEqual([]);
    const entries = Object.fromEntries([...zip.entries.values()].map((e) => [e.name, zip.read(e)?.toString('utf8')]));
    expect(entries).toEqual(source);
  });
});
