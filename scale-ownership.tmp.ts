import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Identity, Person, personId } from './src/model/index.js';
import { openStore, writeIdentities, writePeople } from './src/store/index.js';
import { recomputeOwnership, ownershipSummary, offboardReport } from './src/engine/ownership/index.js';
const N = Number(process.argv[2] ?? 1_000_000);
const store = await openStore(join(mkdtempSync(join(tmpdir(), 'own-scale-')), 's.db'));
const people = Array.from({ length: 20000 }, (_, i) => Person.parse({ id: personId('github', 'acme', i), source: 'github', tenant: 'acme', nativeId: String(i), login: `u${i}`, email: `u${i}@acme.test`, status: i % 7 ? 'active' : 'departed' }));
await writePeople(store, people, 'r', '2026-01-01T00:00:00Z');
let t = Date.now();
for (let b = 0; b < N; b += 5000) {
  const batch = [];
  for (let i = b; i < Math.min(N, b + 5000); i++) batch.push(Identity.parse({ id: `github:acme:deploy_key:${String(i).padStart(8, '0')}`, platform: 'github', tenant: 'acme', kind: 'deploy_key', nativeType: 'deploy_key', nativeId: String(i), name: `k${i}`, ownerClaims: i % 3 ? [{ ref: `u${i % 20000}`, refType: 'login', source: 'creator', confidence: 0.9, evidence: 'added_by' }] : [] }));
  await writeIdentities(store, batch, 'r', '2026-01-01T00:00:00Z');
}
console.log(`write ${N}: ${((Date.now() - t) / 1000).toFixed(1)}s`);
t = Date.now();
const r = await recomputeOwnership(store, { now: '2026-01-02T00:00:00Z' });
console.log(`recompute: ${((Date.now() - t) / 1000).toFixed(1)}s`, r, `rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
t = Date.now();
const s = await ownershipSummary(store);
console.log(`summary: ${((Date.now() - t) / 1000).toFixed(1)}s`, s.overall);
t = Date.now();
const o = await offboardReport(store, 'u7@acme.test');
console.log(`offboard: ${((Date.now() - t) / 1000).toFixed(1)}s owned=${o.owned.length} cand=${o.candidateOnly.length}`);
await store.close();
