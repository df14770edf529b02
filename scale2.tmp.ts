import { openStore } from './src/store/index.js';
import { recomputeOwnership } from './src/engine/ownership/index.js';
const store = await openStore(process.argv[2]);
if (process.argv[3] === "clear") await store.db.deleteFrom("ownership").execute();
const t = Date.now();
const r = await recomputeOwnership(store, { now: '2026-01-03T00:00:00Z' });
console.log(`recompute: ${((Date.now() - t) / 1000).toFixed(1)}s`, r.identities, r.written, `rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
await store.close();
