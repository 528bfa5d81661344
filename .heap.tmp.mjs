import { compile, defaultLoadOptions } from './dist/index.js';
import v8 from 'node:v8';
const r = await compile(defaultLoadOptions({ cwd: '/tmp', path: '/tmp/pb', env: process.env }));
globalThis.gc(); globalThis.gc();
console.log('heapUsed after compile (retained)', (process.memoryUsage().heapUsed / 1e6).toFixed(1), 'MB', r.diagnostics.length);
const file = v8.writeHeapSnapshot('/tmp/h.heapsnapshot');
console.log(file);
