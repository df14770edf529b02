import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.js';
import { scanEmulatedEstate } from '../testing/emulated-scan.js';
import { openTestStore } from '../testing/store.js';
import { loadEmulations } from '../platforms/registry.js';
import type { PlatformId } from '../model/index.js';
import { type Estate, generateEstate } from './estate/index.js';

/**
 * What planted activity does to a scan (`steward emulate` serves it by default, the labels are written without it):
 * it may change only what the labels account for. Okta's and Google's scans read last use from the very logs the
 * planted activity joins, so each planted actor's last use moves to its newest planted event — later than its label,
 * and none of its labelled risks depends on that (the generators cast only actors used recently or 32–80 days ago:
 * neither stale nor never used, before or after). Every other identity, and every Entra identity (Entra's scan reads
 * the sign-in activity reports, which stay the estate's), keeps its labelled last use.
 */
const SCAN_READS_THE_LOG: ReadonlySet<string> = new Set(['okta', 'google']);
const LAST_USE_RISKS = ['nhi-stale', 'nhi-never-used'];
const PLATFORMS: PlatformId[] = ['okta', 'google', 'entra'];
const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

describe('a scan of an estate served with its planted activity', () => {
  let estate: Estate;
  let store: Store;
  let actors: Set<string>;

  beforeAll(async () => {
    estate = await generateEstate({ seed: 11, size: 250, platforms: PLATFORMS, now: '2026-11-01T00:00:00Z' });
    actors = new Set();
    for (const e of await loadEmulations(PLATFORMS)) {
      const id = e.platform.id;
      const labels = estate.labels.identities.filter((l) => l.platform === id);
      for (const log of [e.activity?.(estate.platforms[id], labels, new Date(estate.now)) ?? []].flat())
        for (const x of [...log.expected, ...log.benign]) actors.add(x.identityId);
    }
    store = await openTestStore('sqlite');
    await scanEmulatedEstate(estate, store, { activity: true });
  }, 120_000);
  afterAll(async () => store?.close());

  it("keeps every identity's labelled last use but the planted actors' in the logs the scan reads", async () => {
    const rows = await store.db.selectFrom('identities').select(['id', 'last_used_at']).execute();
    const stored = new Map(rows.map((r) => [r.id, ms(r.last_used_at)]));
    const moved: string[] = [];
    for (const label of estate.labels.identities) {
      const planted = actors.has(label.id) && SCAN_READS_THE_LOG.has(label.platform);
      if (!planted) expect(stored.get(label.id), label.id).toBe(ms(label.lastUsedAt));
      else {
        moved.push(label.platform);
        expect(stored.get(label.id), label.id).toBeGreaterThan(ms(label.lastUsedAt) ?? 0);
        expect(stored.get(label.id), label.id).toBeLessThanOrEqual(Date.parse(estate.now));
        expect(
          label.risks.filter((r) => LAST_USE_RISKS.includes(r)),
          label.id,
        ).toEqual([]);
      }
    }
    // Okta: two tokens, a service app, the dormant caller; Google: two clients, the admin tool, the dormant client.
    expect(moved.sort()).toEqual(['google', 'google', 'google', 'google', 'okta', 'okta', 'okta', 'okta']);
  });
});
