import { generateEstate } from '/work/main/src/estate/index.js';
const t = performance.now();
const e = generateEstate({ size: 1_000_000, seed: 42, now: '2026-11-01T00:00:00Z' });
console.log('identities', e.labels.identities.length, 'seconds', ((performance.now() - t) / 1000).toFixed(1), 'heapMB', Math.round(process.memoryUsage().heapUsed / 1048576));
