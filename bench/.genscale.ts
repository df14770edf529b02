import { generateEstate } from '../src/estate/index.js';
for (const platform of ['github', 'entra', 'aws'] as const) {
  for (const size of [5000, 20000]) {
    const t = performance.now();
    const e = generateEstate({ size, seed: 42, now: '2026-11-01T00:00:00Z', platforms: [platform] });
    console.log(platform, size, e.labels.identities.length, ((performance.now() - t) / 1000).toFixed(2) + ' s');
  }
}
