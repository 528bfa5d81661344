/**
 * SARIF 2.1.0 for GitHub code scanning and other tools: every catalog rule in
 * `tool.driver.rules` (so `ruleIndex` is stable), one result per diagnostic.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, ruleIds } from '../diagnostics/catalog.js';
import type { Severity } from '../diagnostics/diagnostic.js';
import type { RenderInput } from './types.js';
import { isLiveInput } from '../parsers/live-input.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * A file as an `artifactLocation.uri`: a relative reference for a relative display path (relative
 * to the folder ecsify was run from, which code scanning takes to be the checkout), each segment
 * percent-encoded; a `file:` URI for an absolute path. An absolute path written as it is ("/home/…") is a
 * reference that SARIF consumers cannot combine with a base (the SARIF validator's SARIF1004).
 * A live environment's `eb://ENV/…` stays an absolute URI of its own scheme.
 */
function fileUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  // What a live environment gave (`eb://shop-prod/settings.cfg.yml`) is already a URI.
  if (isLiveInput(file)) return `eb://${file.slice(5).split('/').map(encodeURIComponent).join('/')}`;
  // Display paths have `/` separators on every system (see displayPath).
  return file.split('/').map(encodeURIComponent).join('/');
}

export function renderSarif(input: RenderInput): string {
  const ids = ruleIds();
  const index = new Map(ids.map((id, i) => [id as string, i]));
  const rules = ids.map((id) => ({
    id,
    name: id.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()),
    shortDescription: { text: RULES[id].title },
    fullDescription: { text: RULES[id].doc },
    help: { text: RULES[id].doc },
    defaultConfiguration: { level: LEVEL[RULES[id].severity] },
  }));
  // A few files behind thousands of diagnostics: each one's URI is made once.
  const uris = new Map<string, string>();
  const uriOf = (file: string): string => {
    let uri = uris.get(file);
    if (uri === undefined) uris.set(file, (uri = fileUri(file)));
    return uri;
  };
  const results = input.diagnostics.map((d) => {
    const text = d.hint ? `${d.message}\nHint: ${d.hint}` : d.message;
    const result: Record<string, unknown> = { ruleId: d.rule, level: LEVEL[d.severity], message: { text } };
    const i = index.get(d.rule);
    if (i !== undefined) result['ruleIndex'] = i;
    const artifact = d.origin ? undefined : input.artifactOf?.(d);
    if (artifact !== undefined) {
      // A finding about the input as a whole: its file, line 1 (code scanning refuses a result
      // without a location, which would fail the whole upload).
      result['locations'] = [{ physicalLocation: { artifactLocation: { uri: uriOf(artifact) }, region: { startLine: 1 } } }];
    } else if (d.origin) {
      result['locations'] = [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(d.origin.file) },
            region: { startLine: d.origin.line, startColumn: d.origin.column },
          },
          ...(d.origin.path ? { logicalLocations: [{ fullyQualifiedName: d.origin.path }] } : {}),
        },
      ];
    }
    return result;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ecsify', version: input.version, informationUri: 'https://github.com/ecsify/ecsify', rules } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
