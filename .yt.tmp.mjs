import { readFileSync } from 'node:fs';
const text = readFileSync('/tmp/pb/compose.yaml', 'utf8');
const mode = process.argv[2];
const t0 = performance.now();
if (mode === 'events') { const { parseEvents } = await import('js-yaml'); const t1 = performance.now(); const ev = parseEvents(text, {}); console.log('events', ev.length, (performance.now() - t1).toFixed(1)); }
else if (mode === 'load') { const { load } = await import('js-yaml'); const t1 = performance.now(); load(text); console.log('load', (performance.now() - t1).toFixed(1)); }
else { const { parseYaml } = await import('/work/main/dist/yaml/parse.js'); const t1 = performance.now(); const file = { path: 'compose.yaml', text }; const r = parseYaml(file, { report() {} }, {}); console.log('parseYaml', (performance.now() - t1).toFixed(1)); }
