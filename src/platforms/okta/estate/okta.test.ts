import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFindings } from '../../../analysis/risk/index.js';
import { ANALYSIS_STEPS } from '../../../analysis/steps.js';
import { StewardConfig } from '../../../config/schema.js';
import { type Estate, generateEstate, type IdentityLabel } from '../../../emulation/estate/index.js';
import { fixedClock } from '../../../lib/clock.js';
import { createLogger } from '../../../lib/logger.js';
import { type IdentityView, listIdentityViews, type Store } from '../../../store/index.js';
import { scanEmulatedEstate } from '../../../testing/emulated-scan.js';
import { openTestStore } from '../../../testing/store.js';
import { runSync } from '../../../sync/engine.js';
import { silentLogger } from '../../../lib/logger.js';
import { ANALYSIS_CATALOGUE, BUILTIN_RISKS, connectorFor } from '../../registry.js';
import { oauthTenantOptions, startOktaEmulator } from '../emulator/index.js';
import { allocate } from './generate.js';
import type { OktaEstateData } from './types.js';

const RISK_IDS = new Set(BUILTIN_RISKS.map((r) => r.id));
const OKTA_RISKS = [
  'okta-api-token-super-admin',
  'okta-api-token-any-network',
  'okta-service-app-admin-scopes',
  'okta-service-app-shared-secret',
];
/** Generic risks the contract asks the Okta data to carry. */
const GENERIC = [
  'nhi-stale',
  'nhi-never-used',
  'nhi-no-owner',
  'nhi-owner-departed',
  'nhi-admin-privilege',
  'credential-not-rotated',
  'multiple-active-keys',
];
const okta = (size: number, seed = 5) => generateEstate({ platforms: ['okta'], size, seed });

function riskCounts(labels: IdentityLabel[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of labels) for (const r of l.risks) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

describe('Okta estate generator', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await okta(120, 9);
    expect(JSON.stringify(a.platforms.okta)).toBe(JSON.stringify((await okta(120, 9)).platforms.okta));
    expect(a.labels.identities).toEqual((await okta(120, 9)).labels.identities);
    expect(JSON.stringify((await okta(120, 10)).labels)).not.toBe(JSON.stringify(a.labels));
  });

  it('allocates exactly the requested count with every NHI type', () => {
    for (const n of [4, 10, 57, 300, 100_000]) {
      const a = allocate(n);
      expect(a.service + a.client + a.token + a.integration).toBe(n);
      expect(Math.min(a.service, a.client, a.token, a.integration)).toBeGreaterThanOrEqual(1);
    }
  });

  it('labels every served NHI once with known risk ids, and no SSO app', async () => {
    const e = await okta(300);
    const data = e.platforms.okta as OktaEstateData;
    const ids = e.labels.identities.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    const oidc = data.apps.filter((a) => a.signOnMode === 'OPENID_CONNECT');
    expect(ids.length).toBe(oidc.length + data.apiTokens.length + data.apiServices.length);
    expect(data.apps.some((a) => a.signOnMode === 'SAML_2_0')).toBe(true);
    expect(data.apps.some((a) => a.signOnMode === 'BOOKMARK' || a.signOnMode === 'AUTO_LOGIN')).toBe(true);
    for (const l of e.labels.identities) {
      expect(l.platform).toBe('okta');
      expect(l.tenant).toBe(data.subdomain);
      for (const r of l.risks) expect(RISK_IDS.has(r), r).toBe(true);
      expect(l.permissionFacts?.map((p) => p.nativeName)).toEqual(l.permissions);
    }
  });

  it.each([
    [5, 40, 1],
    [12, 300, 3],
  ])('plants every Okta risk and the contract’s generic ones (seed %i, size %i)', async (seed, size, min) => {
    const e = await okta(size, seed);
    const counts = riskCounts(e.labels.identities);
    for (const id of OKTA_RISKS) expect(counts.get(id) ?? 0, id).toBeGreaterThanOrEqual(min);
    for (const id of GENERIC)
      expect(counts.get(id) ?? 0, id).toBeGreaterThanOrEqual(
        id === 'nhi-owner-departed' && e.org.departed.length === 0 ? 0 : 1,
      );
  });

  it('keeps Okta’s rules: users of departed people are not ACTIVE, tokens idle past their window only if their creator left', async () => {
    const e = await okta(600, 3);
    const data = e.platforms.okta as OktaEstateData;
    const status = new Map(e.labels.people.map((p) => [p.email, p.status]));
    for (const u of data.users) expect(u.status === 'ACTIVE').toBe(status.get(u.profile.email) === 'active');
    const creator = new Map(data.users.map((u) => [u.id, u]));
    for (const t of data.apiTokens)
      if (Date.parse(t.expiresAt) < Date.parse(e.now)) expect(creator.get(t.userId)?.status).not.toBe('ACTIVE');
    const times = data.logs.map((l) => Date.parse(l.published));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const oldest = Date.parse(e.now) - data.logRetentionDays * 86_400_000;
    expect(times.every((t) => t > oldest && t < Date.parse(e.now))).toBe(true);
  });
});

/**
 * End to end: the Okta estate served by the emulator, scanned by the real connector through the official SDK,
 * analysed by every step; what the store holds and what the rules find must agree EXACTLY with the labels.
 */
describe('Okta estate scanned through the emulator and the connector', () => {
  const config = StewardConfig.parse({});
  const log = createLogger({ write: () => {} });
  let estate: Estate;
  let store: Store;
  let views = new Map<string, IdentityView>();
  let findings = new Set<string>();

  beforeAll(async () => {
    estate = await okta(400, 2024);
    store = await openTestStore('sqlite');
    await scanEmulatedEstate(estate, store);
    for (const step of ANALYSIS_STEPS)
      await step.run({ store, config, clock: fixedClock(estate.now), log, catalogue: ANALYSIS_CATALOGUE });
    views = new Map((await listIdentityViews(store, { platform: 'okta' })).map((v) => [v.id, v]));
    const open = await listFindings(store, { statuses: ['open', 'reopened'] });
    findings = new Set(
      open.filter((f) => f.identityId.startsWith('okta:')).map((f) => `${f.ruleId} × ${f.identityId}`),
    );
  }, 300_000);
  afterAll(async () => {
    await store?.close();
  });

  const iso = (s: string | null) => (s ? new Date(s).toISOString() : null);

  it('stores exactly the labelled identities with their fields', () => {
    expect([...views.keys()].sort()).toEqual(estate.labels.identities.map((l) => l.id).sort());
    const diff: string[] = [];
    for (const l of estate.labels.identities) {
      const v = views.get(l.id)!;
      const got = {
        kind: v.kind,
        name: v.name,
        createdAt: iso(v.createdAt),
        lastUsedAt: iso(v.lastUsedAt),
        enabled: v.enabled,
        thirdParty: v.thirdParty,
      };
      const want = {
        kind: l.kind,
        name: l.name,
        createdAt: l.createdAt,
        lastUsedAt: l.lastUsedAt,
        enabled: l.enabled,
        thirdParty: l.thirdParty,
      };
      if (JSON.stringify(got) !== JSON.stringify(want))
        diff.push(`${l.id}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
    }
    expect(diff).toEqual([]);
  });

  it('stores exactly the labelled credentials', () => {
    const diff: string[] = [];
    for (const l of estate.labels.identities) {
      const got = views.get(l.id)!.credentials.map((c) => ({
        id: c.id,
        type: c.type,
        createdAt: iso(c.createdAt),
        expiresAt: iso(c.expiresAt),
        lastUsedAt: iso(c.lastUsedAt),
        enabled: c.enabled,
      }));
      const sort = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
      if (JSON.stringify(sort(got)) !== JSON.stringify(sort(l.credentials)))
        diff.push(`${l.id}: want ${JSON.stringify(sort(l.credentials))} got ${JSON.stringify(sort(got))}`);
    }
    expect(diff).toEqual([]);
  });

  it('stores exactly the labelled permissions with their tiers', () => {
    const diff: string[] = [];
    for (const l of estate.labels.identities) {
      const byName = new Map(
        views
          .get(l.id)!
          .permissions.map((p) => [
            p.nativeName,
            { nativeName: p.nativeName, access: p.access, sensitivity: p.sensitivity, pathToAdmin: p.pathToAdmin },
          ]),
      );
      const got = [...byName.values()].sort((a, b) => (a.nativeName < b.nativeName ? -1 : 1));
      if (JSON.stringify(got) !== JSON.stringify(l.permissionFacts))
        diff.push(`${l.id}: want ${JSON.stringify(l.permissionFacts)} got ${JSON.stringify(got)}`);
    }
    expect(diff).toEqual([]);
  });

  it('attributes the labelled owners', () => {
    const diff: string[] = [];
    for (const l of estate.labels.identities) {
      const owner = views.get(l.id)!.owner;
      const got = owner?.email?.toLowerCase() ?? null;
      if (got !== (l.owner?.email?.toLowerCase() ?? null)) diff.push(`${l.id}: want ${l.owner?.email} got ${got}`);
    }
    expect(diff).toEqual([]);
  });

  it('finds exactly the planted risks (every one, nothing else)', () => {
    const expected = new Set(estate.labels.identities.flatMap((l) => l.risks.map((r) => `${r} × ${l.id}`)));
    console.info(
      `[okta estate] ${views.size} identities stored, ${expected.size} risks planted, ${findings.size} found`,
    );
    expect(expected.size).toBeGreaterThan(100);
    expect(
      [...expected].filter((k) => !findings.has(k)),
      'planted but not found',
    ).toEqual([]);
    expect(
      [...findings].filter((k) => !expected.has(k)),
      'found but not planted',
    ).toEqual([]);
    for (const r of OKTA_RISKS)
      expect(
        [...findings].some((k) => k.startsWith(`${r} × `)),
        r,
      ).toBe(true);
  });
});

describe('Okta estate scanned as the OAuth service app (private_key_jwt) instead of an SSWS token', () => {
  it('lists every labelled identity with the default read scopes', async () => {
    const estate = await okta(80, 31);
    const started = await startOktaEmulator(estate.platforms.okta as OktaEstateData);
    const store = await openTestStore('sqlite');
    try {
      for (const [k, v] of Object.entries(started.env)) process.env[k] = v;
      const tenant = started.tenants[0].tenant;
      const [run] = await runSync([{ platform: 'okta', tenant, options: oauthTenantOptions(started) }], {
        store,
        connectors: connectorFor,
        clock: fixedClock(estate.now),
        log: silentLogger,
      });
      expect(run.status, run.errors.join('; ')).toBe('succeeded');
      const ids = (await listIdentityViews(store, { platform: 'okta' })).map((v) => v.id).sort();
      expect(ids).toEqual(estate.labels.identities.map((l) => l.id).sort());
    } finally {
      await store.close();
      await started.emulator.close();
    }
  }, 120_000);
});
