import type { Store } from '../store/index.js';
import { findingRow, scoreRow } from './risk-rows.js';

/**
 * A small hand-written store for the API tests (src/surfaces/api): every expected value in those tests is read off
 * this file, never computed by the code under test. Platform names are invented (the API has no per-platform code).
 *
 *   id              name           platform tenant kind             open findings        exposure  owner
 *   acme:t1:bot-a   Alpha bot      acme     t1     service_account  critical             10        alice (active)
 *   acme:t1:key-b   Beta key       acme     t1     api_key          high (+low suppr.)   50        none (suggest team platform)
 *   acme:t2:app-c   Gamma app      acme     t2     oauth_app        - (critical resolved) 200      bob (departed)
 *   globex:g1:svc-d Delta service  globex   g1     service_account  medium               5         team ops
 *   acme:t1:old-e   Epsilon old    acme     t1     api_key          gone
 */
export const NOW = '2026-11-15T12:00:00.000Z';
const RUN = { t1: 'run-acme-t1', t2: 'run-acme-t2', g1: 'run-globex-g1' };

const identity = (id: string, name: string, kind: string, extra: Record<string, unknown> = {}) => {
  const [platform, tenant] = id.split(':');
  return {
    id,
    platform,
    tenant,
    kind,
    native_type: kind === 'api_key' ? 'key' : 'principal',
    native_id: id.split(':')[2],
    name,
    created_at: null,
    created_by: null,
    last_used_at: null,
    last_used_source: null,
    enabled: 1,
    publisher_name: null,
    publisher_verified: null,
    publisher_domain: null,
    third_party: 0,
    interactive: 0,
    environment: null,
    attributes: '{}',
    owner_claims: '[]',
    first_seen: '2026-11-01T00:00:00.000Z',
    last_seen: '2026-11-15T00:00:00.000Z',
    sync_run_id: RUN[tenant as keyof typeof RUN],
    gone_at: null,
    gone_run_id: null,
    stale: '[]',
    ...extra,
  };
};

const ownership = (identityId: string, o: Record<string, unknown>) => ({
  identity_id: identityId,
  owner_person_id: null,
  owner_email: null,
  owner_team: null,
  source: null,
  confidence: null,
  candidates: '[]',
  computed_at: NOW,
  owner_status: null,
  orphan: 0,
  orphan_reason: null,
  suggested_email: null,
  suggested_team: null,
  suggestion_reason: null,
  ...o,
});

const person = (email: string, name: string, status: string) => ({
  id: `hr:hr:${email}`,
  source: 'hr',
  tenant: 'hr',
  native_id: email,
  email,
  name,
  login: null,
  status,
  departed_at: status === 'departed' ? '2026-10-01T00:00:00.000Z' : null,
  manager_email: null,
  team: 'platform',
  department: null,
  attributes: '{}',
  first_seen: NOW,
  last_seen: NOW,
  sync_run_id: 'hr',
});

const run = (id: string, platform: string, tenant: string, startedAt: string) => ({
  id,
  platform,
  tenant,
  scope: '',
  started_at: startedAt,
  finished_at: startedAt.replace('T00', 'T01'),
  status: 'succeeded',
  mode: 'full',
  counts: '{"identities":2}',
  api_calls: 3,
  pages: 1,
  retries: 0,
  errors: '[]',
  sources:
    '[{"source":"keys","required":true,"status":"complete","items":2,"problem":null,"objects":[],"objectsFailed":0,"quarantined":0}]',
});

export async function seedApiStore(store: Store): Promise<void> {
  const db = store.db;
  await db
    .insertInto('identities')
    .values([
      identity('acme:t1:bot-a', 'Alpha bot', 'service_account', {
        last_used_at: '2026-11-10T00:00:00.000Z',
        created_at: '2026-01-01T00:00:00.000Z',
      }),
      identity('acme:t1:key-b', 'Beta key', 'api_key', {
        last_used_at: '2026-11-12T00:00:00.000Z',
        created_at: '2025-06-01T00:00:00.000Z',
      }),
      identity('acme:t2:app-c', 'Gamma app', 'oauth_app', { created_at: '2026-03-01T00:00:00.000Z' }),
      identity('globex:g1:svc-d', 'Delta service', 'service_account'),
      identity('acme:t1:old-e', 'Epsilon old', 'api_key', { gone_at: '2026-11-15T00:00:00.000Z', gone_run_id: RUN.t1 }),
    ])
    .execute();
  const cred = (id: string, identityId: string, created: string) => ({
    id,
    identity_id: identityId,
    platform: identityId.split(':')[0],
    tenant: identityId.split(':')[1],
    type: 'api_key',
    name: id,
    created_at: created,
    expires_at: null,
    last_used_at: null,
    last_used_source: null,
    fingerprint: null,
    enabled: 1,
    attributes: '{}',
    sync_run_id: 'seed',
  });
  await db
    .insertInto('credentials')
    .values([
      cred('c1', 'acme:t1:bot-a', '2026-11-05T12:00:00.000Z'),
      cred('c2', 'acme:t1:bot-a', '2026-01-01T00:00:00.000Z'),
      cred('c3', 'acme:t1:key-b', '2025-06-01T00:00:00.000Z'),
    ])
    .execute();
  await db
    .insertInto('findings')
    .values([
      findingRow('r-crit', 'acme:t1:bot-a', 'critical', 'open'),
      findingRow('r-high', 'acme:t1:key-b', 'high', 'open'),
      findingRow('r-low', 'acme:t1:key-b', 'low', 'suppressed', {
        suppressed_reason: 'known test key',
        suppressed_by: 'carol',
        suppressed_until: null,
      }),
      findingRow('r-crit', 'acme:t2:app-c', 'critical', 'resolved', {
        resolved_at: '2026-11-10T00:00:00.000Z',
        resolved_reason: 'no longer true',
      }),
      findingRow('r-med', 'globex:g1:svc-d', 'medium', 'open'),
    ])
    .execute();
  await db
    .insertInto('risk_scores')
    .values([
      scoreRow('acme:t1:bot-a', 10, 4),
      scoreRow('acme:t1:key-b', 50, 3),
      scoreRow('acme:t2:app-c', 200, -1),
      scoreRow('globex:g1:svc-d', 5, 2),
    ])
    .execute();
  await db
    .insertInto('people')
    .values([person('alice@example.com', 'Alice Adams', 'active'), person('bob@example.com', 'Bob Brown', 'departed')])
    .execute();
  await db
    .insertInto('ownership')
    .values([
      ownership('acme:t1:bot-a', {
        owner_email: 'alice@example.com',
        owner_person_id: 'hr:hr:alice@example.com',
        owner_status: 'active',
        source: 'creator',
        confidence: 0.8,
        candidates: JSON.stringify([
          {
            source: 'creator',
            confidence: 0.8,
            evidence: 'created by alice',
            email: 'alice@example.com',
            team: null,
            eligible: true,
          },
        ]),
      }),
      ownership('acme:t1:key-b', {
        orphan: 1,
        orphan_reason: 'no_owner',
        suggested_team: 'platform',
        suggestion_reason: 'team of the tenant',
      }),
      ownership('acme:t2:app-c', {
        owner_email: 'bob@example.com',
        owner_person_id: 'hr:hr:bob@example.com',
        owner_status: 'departed',
        source: 'creator',
        confidence: 0.8,
        orphan: 1,
        orphan_reason: 'owner_departed',
        suggested_email: 'alice@example.com',
        suggestion_reason: "bob's manager",
      }),
      ownership('globex:g1:svc-d', { owner_team: 'ops', source: 'tag', confidence: 0.9 }),
    ])
    .execute();
  await db
    .insertInto('sync_runs')
    .values([
      run(RUN.t1, 'acme', 't1', '2026-11-15T00:00:00.000Z'),
      run(RUN.t2, 'acme', 't2', '2026-11-14T00:00:00.000Z'),
      run(RUN.g1, 'globex', 'g1', '2026-11-13T00:00:00.000Z'),
    ])
    .execute();
}

/** A server over a fresh seeded SQLite store, with one token per role and one revoked admin token. */
export async function seededServer(
  options: {
    scan?: import('../surfaces/api/scans.js').ScanFunction;
    engine?: 'sqlite' | 'postgres';
    remediation?: import('../surfaces/api/remediation.js').RemediationService;
    notify?: import('../surfaces/api/deps.js').ApiDeps['notify'];
  } = {},
) {
  const { StewardConfig } = await import('../config/schema.js');
  const { fixedClock } = await import('../lib/clock.js');
  const { ANALYSIS_CATALOGUE } = await import('../platforms/registry.js');
  const { mintToken, revokeToken } = await import('../surfaces/api/auth.js');
  const { buildServer } = await import('../surfaces/api/server.js');
  const { openTestStore } = await import('./store.js');
  const store = await openTestStore(options.engine ?? 'sqlite');
  await seedApiStore(store);
  const mint = async (role: 'viewer' | 'analyst' | 'admin', name = `${role}-token`) =>
    mintToken(store.db, { name, role, createdBy: 'test', now: NOW });
  const [viewer, analyst, admin, revoked] = await Promise.all([
    mint('viewer'),
    mint('analyst'),
    mint('admin'),
    mint('admin', 'revoked-token'),
  ]);
  await revokeToken(store.db, revoked.tokenId, NOW);
  const platforms = [
    { id: 'acme', title: 'Acme Cloud', nativeTypes: ['key', 'principal'] },
    { id: 'globex', title: 'Globex', nativeTypes: ['principal'] },
  ];
  const app = await buildServer({
    store,
    config: StewardConfig.parse({}),
    catalogue: ANALYSIS_CATALOGUE,
    clock: fixedClock(NOW),
    platforms,
    scan: options.scan,
    remediation: options.remediation,
    notify: options.notify,
  });
  const tokens = { viewer: viewer.token, analyst: analyst.token, admin: admin.token, revoked: revoked.token };
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    as: keyof typeof tokens | null = 'admin',
    payload?: unknown,
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: as ? { authorization: `Bearer ${tokens[as]}` } : {},
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: res.statusCode, body: res.body ? safeJson(res.body) : null, headers: res.headers, raw: res.body };
  };
  return {
    store,
    app,
    tokens,
    ids: { viewer: viewer.tokenId, analyst: analyst.tokenId, admin: admin.tokenId },
    call,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert the JSON responses field by field
function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
