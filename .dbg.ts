import { StewardConfig } from './src/config/schema.js';
import { connectorFor } from './src/connectors/registry.js';
import { runSync, type TenantJob } from './src/connectors/runtime/sync.js';
import { EMULATORS } from './src/emulators/platforms.js';
import { generateEstate } from './src/estate/index.js';
import { fixedClock } from './src/lib/clock.js';
import { createLogger } from './src/lib/logger.js';
import { openStore, listIdentityViews } from './src/store/index.js';
import { ANALYSIS_STEPS } from './src/engine/steps.js';
const ids = process.argv.slice(3);
const estate = generateEstate({ seed: Number(process.argv[2]), size: 600 });
const store = await openStore(':memory:');
const jobs: TenantJob[] = []; const started = [];
for (const p of EMULATORS) { const s = await p.start(estate.platforms[p.platform]); started.push(s); Object.assign(process.env, s.env); for (const t of s.tenants) jobs.push({ platform: t.platform, tenant: t.tenant, options: t.options }); }
const log = createLogger({ write: () => {} });
await runSync(jobs, { store, connectors: connectorFor, clock: fixedClock(estate.now), log });
for (const step of ANALYSIS_STEPS) await step.run({ store, config: StewardConfig.parse({}), clock: fixedClock(estate.now), log });
for (const id of ids) {
  const [v] = await listIdentityViews(store, { ids: [id] });
  const label = estate.labels.identities.find((l) => l.id === id);
  const own = await store.db.selectFrom('ownership').selectAll().where('identity_id', '=', id).execute();
  console.log(JSON.stringify({ id, label: { owner: label?.owner, risks: label?.risks, credentials: label?.credentials, permissions: label?.permissions }, view: v && { kind: v.kind, nativeType: v.nativeType, owner: v.owner, ownerClaims: v.ownerClaims, attributes: v.attributes, credentials: v.credentials, permissions: v.permissions.map((p) => [p.nativeName, p.access, p.resource]) }, own: own.map((o) => ({ ...o, candidates: undefined })) }, null, 1));
  console.log("bylogin", JSON.stringify(await store.db.selectFrom("people").select(["id","source","login","email","status"]).where("login", "=", String(v?.ownerClaims[0]?.ref)).execute()));
  if (label?.owner?.email) console.log('person', estate.labels.people.find((p) => p.email === label.owner!.email), JSON.stringify(await store.db.selectFrom('people').selectAll().where('email', '=', label.owner.email).execute()));
}
for (const s of started) await s.emulator.close();
await store.close();
