import { generateEstate } from '../src/estate/index.js';
const t = performance.now();
const e = generateEstate({ size: Number(process.argv[2]), seed: 42, now: '2026-11-01T00:00:00Z', platforms: ['entra'] });
console.log(e.labels.identities.length, ((performance.now() - t) / 1000).toFixed(2) + ' s');
