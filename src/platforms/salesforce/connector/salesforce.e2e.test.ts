import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StewardConfig } from '../../../config/schema.js';
import { ANALYSIS_STEPS } from '../../../analysis/steps.js';
import { listFindings } from '../../../analysis/risk/index.js';
import { generateEstate, type Estate } from '../../../emulation/estate/index.js';
import type { StartedPlatform } from '../../../emulation/emulator.js';
import { fixedClock } from '../../../lib/clock.js';
import { createLogger, silentLogger } from '../../../lib/logger.js';
import type { SyncRun } from '../../../model/index.js';
import type { Store } from '../../../store/index.js';
import { listIdentityViews, listPeople } from '../../../store/inventory-reader.js';
import { runSync } from '../../../sync/engine.js';
import { importEstateHr } from '../../../testing/hr-export.js';
import { openTestStore } from '../../../testing/store.js';
import { ANALYSIS_CATALOGUE, connectorFor } from '../../registry.js';
import { type SalesforceEmulatorOptions, startSalesforceEmulator } from '../emulator/index.js';
import type { SalesforceEstateData, SObjectName } from '../estate/types.js';

/**
 * End to end: generated org → Salesforce emulator (HTTP, SOQL) → real connector through jsforce → sync engine →
 * store → analysis. Expectations come from estate.labels (ground truth) only.
 */
const SEED = 20261205;
const NOW = '2026-11-01T00:00:00.000Z';
let estate: Estate;
let data: SalesforceEstateData;
const started: StartedPlatform[] = [];

beforeAll(async () => {
  estate = await generateEstate({ platforms: ['salesforce'], size: 300, seed: SEED, now: NOW });
  data = estate.platforms.salesforce as SalesforceEstateData;
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.emulator.close()));
});

async function emulator(options: SalesforceEmulatorOptions = {}, org: SalesforceEstateData = data) {
  const s = await startSalesforceEmulator(org, options);
  started.push(s);
  Object.assign(process.env, s.env);
  return s;
}

async function scan(store: Store, s: StartedPlatform, options: Record<string, unknown> = {}): Promise<SyncRun> {
  const [run] = await runSync(
    [
      {
        platform: 'salesforce',
        tenant: s.tenants[0].tenant,
        options: { ...(s.tenants[0].options as object), ...options },
      },
    ],
    { store, connectors: connectorFor, log: createLogger({ level: 'error' }), clock: fixedClock(NOW) },
  );
  return run;
}

/** Queries of the keyset walk: a full window is followed by one starting at its last row (read again). */
function windowQueries(rows: number, limit: number): number {
  let read = Math.min(rows, limit);
  let left = rows - read;
  let queries = 1;
  while (read === limit) {
    read = Math.min(left + 1, limit);
    left -= read - 1;
    queries++;
  }
  return queries;
}

const labelsOf = () => estate.labels.identities.filter((l) => l.platform === 'salesforce');

describe('Salesforce connector end to end', () => {
  it('recovers every labelled identity with its fields, and the people', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s);
      expect(run.status, run.errors.join('; ')).toBe('succeeded');
      const views = await listIdentityViews(store, { platform: 'salesforce' });
      const byId = new Map(views.map((v) => [v.id, v]));
      const labels = labelsOf();
      expect([...byId.keys()].sort()).toEqual(labels.map((l) => l.id).sort());
      for (const l of labels) {
        const v = byId.get(l.id)!;
        expect([v.name, v.createdAt, v.lastUsedAt, v.enabled, v.thirdParty], l.id).toEqual([
          l.name,
          l.createdAt,
          l.lastUsedAt,
          l.enabled,
          l.thirdParty,
        ]);
        expect([...new Set(v.permissions.map((p) => p.nativeName))].sort(), l.id).toEqual(l.permissions);
        expect(
          v.credentials.map((c) => c.id),
          l.id,
        ).toEqual(l.credentials.map((c) => c.id));
      }
      expect(labels.filter((l) => l.kind === 'oauth_grant').length).toBeGreaterThan(50);
      // Both kinds are present: apps from a vendor's managed package (and their tokens) and apps built in the org.
      for (const kind of ['oauth_app', 'oauth_grant'])
        expect(new Set(labels.filter((l) => l.kind === kind).map((l) => l.thirdParty)), kind).toEqual(
          new Set([true, false]),
        );
      const people = await listPeople(store, { source: 'salesforce' });
      expect(people.map((p) => p.email).sort()).toEqual(estate.org.people.map((p) => p.email).sort());
      // The bench's minimum-call formula, on the served data: the scan makes exactly that many calls.
      const { minimumCalls } = await import('../../../../bench/minimum-calls.js');
      const minimum = (await minimumCalls(estate)).perPlatform.find((p) => p.platform === 'salesforce')?.minimum;
      expect(s.emulator.totalRequests()).toBe(minimum);
      expect(run.apiCalls).toBe(minimum);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('finds every planted risk and nothing else (exact agreement with the labels)', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s);
      expect(run.status, run.errors.join('; ')).toBe('succeeded');
      await importEstateHr(store, estate);
      const config = StewardConfig.parse({});
      const clock = fixedClock(NOW);
      for (const step of ANALYSIS_STEPS)
        await step.run({ store, config, clock, log: silentLogger, catalogue: ANALYSIS_CATALOGUE });
      const findings = await listFindings(store, { statuses: ['open', 'reopened'] });
      const actual = findings
        .filter((f) => f.platform === 'salesforce')
        .map((f) => `${f.ruleId} × ${f.identityId}`)
        .sort();
      const expected = labelsOf()
        .flatMap((l) => l.risks.map((r) => `${r} × ${l.id}`))
        .sort();
      expect(
        actual.filter((k) => !expected.includes(k)),
        'findings not planted',
      ).toEqual([]);
      expect(
        expected.filter((k) => !actual.includes(k)),
        'planted risks not found',
      ).toEqual([]);
      for (const rule of [
        'salesforce-connected-app-refresh-until-revoked',
        'salesforce-connected-app-open-to-all-users',
        'salesforce-oauth-token-unused',
        'salesforce-integration-user-all-data',
        'salesforce-human-profile-integration-user',
      ])
        expect(
          expected.some((k) => k.startsWith(`${rule} × `)),
          rule,
        ).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('Salesforce connector behaviour against the emulator', () => {
  it('pages OAuth tokens in keyset windows when one query would hit the row cap', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      const run = await scan(store, s, { oauthTokenWindow: 7 });
      expect(run.status, run.errors.join('; ')).toBe('succeeded');
      const tokens = (await listIdentityViews(store, { platform: 'salesforce' })).filter(
        (v) => v.nativeType === 'oauth_token',
      );
      expect(tokens.length).toBe(data.tables.OauthToken.length);
      // One query each for users, login history, app menu items, connected apps and named credentials, one per 200
      // integration users, one per window.
      const windows = windowQueries(data.tables.OauthToken.length, 7);
      expect(windows).toBeGreaterThan(10);
      expect(s.emulator.requestCounts.get('GET /services/data/:version/query')).toBe(
        5 + windows + Math.ceil(labelsOf().filter((l) => l.kind === 'integration_user').length / 200),
      );
    } finally {
      await store.close();
    }
  }, 60_000);

  it('an object the edition lacks (400 INVALID_TYPE) skips its source; nothing it lists is swept', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      expect((await scan(store, s)).status).toBe('succeeded');
      const before = (await listIdentityViews(store, { platform: 'salesforce' })).length;
      const lacking = await emulator({}, { ...data, editionLacks: ['OauthToken' as SObjectName] });
      const run = await scan(store, lacking);
      expect(run.status).toBe('partial');
      const outcome = run.sources.find((o) => o.source === 'oauth-tokens');
      expect([outcome?.status, outcome?.problem?.httpStatus, outcome?.problem?.vendorCode]).toEqual([
        'skipped',
        404,
        'INVALID_TYPE',
      ]);
      expect((await listIdentityViews(store, { platform: 'salesforce' })).length).toBe(before);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('fails with the 401 INVALID_SESSION_ID of a bad token, without the token in the errors', async () => {
    const s = await emulator();
    const store = await openTestStore('sqlite');
    try {
      process.env.STEWARD_TEST_SF_BAD = 'badtoken-0123456789';
      const run = await scan(store, s, { accessToken: { env: 'STEWARD_TEST_SF_BAD' } });
      expect(run.status).toBe('failed');
      expect(run.errors.join(' ')).toContain('INVALID_SESSION_ID');
      expect(run.errors.join(' ')).not.toContain('badtoken-0123456789');
    } finally {
      await store.close();
    }
  }, 60_000);
});
