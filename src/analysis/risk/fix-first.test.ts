import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StewardConfig } from '../../config/schema.js';
import { fixedClock } from '../../lib/clock.js';
import { Identity, type Severity } from '../../model/index.js';
import { type Store, writeIdentities } from '../../store/index.js';
import { ENGINES, openTestStore } from '../../testing/store.js';
import { view } from '../../testing/views.js';
import { runRiskAnalysis } from './engine.js';
import { findingId, listFindings } from './findings-store.js';
import { exposureFactors, exposureOf, fixFirstIdentities } from './fix-first.js';
import { ruleContext } from './evaluate.js';

const NOW = '2026-11-01T00:00:00.000Z';
const ctx = ruleContext(new Date(NOW));

describe('fix-first exposure factors', () => {
  it('reads reach, privilege, credential age and usage from the normalized model', () => {
    const admin = view({
      permissions: [{ resource: '*', access: 'admin', attributes: { tenantWide: true } }],
      credentials: [{ type: 'access_key', createdAt: '2024-01-01T00:00:00Z' }],
      lastUsedAt: '2026-10-30T00:00:00Z',
    });
    expect(exposureFactors(admin, ctx)).toEqual({ reach: 4, privilege: 4, credentialAge: 4, usage: 3 });
    expect(exposureOf(exposureFactors(admin, ctx))).toBe(192);

    const reader = view({
      permissions: [{ resource: 'repo-a', access: 'read' }],
      credentials: [{ type: 'token', createdAt: '2026-10-01T00:00:00Z' }],
      lastUsedSource: 'audit log',
      createdAt: '2025-01-01T00:00:00Z',
    });
    expect(exposureFactors(reader, ctx)).toEqual({ reach: 1, privilege: 2, credentialAge: 2, usage: 1 });

    const writer = view({
      permissions: Array.from({ length: 11 }, (_, n) => ({ resource: `repo-${n}`, access: 'write' as const })),
      credentials: [{ type: 'token', createdAt: null }],
    });
    // Eleven resources; a credential of unknown age; no usage data at all.
    expect(exposureFactors(writer, ctx)).toEqual({ reach: 3, privilege: 3, credentialAge: 3, usage: 2 });
    // Edges leaving the identity add to its reach; a keyless (federated) credential has no age.
    const federated = view({ credentials: [{ type: 'federated', createdAt: '2020-01-01T00:00:00Z' }] });
    expect(exposureFactors(federated, ctx, 2)).toEqual({ reach: 2, privilege: 1, credentialAge: 1, usage: 2 });
  });

  it('keeps a quarter for a disabled identity', () => {
    expect(exposureOf({ reach: 4, privilege: 4, credentialAge: 4, usage: 3 }, false)).toBe(48);
  });
});

/** Hand-written store content: identities with known open severities, exposures and scores. */
const ROWS: Array<{ id: string; severities: Severity[]; exposure: number; score: number }> = [
  { id: 'a-low-exposed', severities: ['low'], exposure: 256, score: 99 },
  { id: 'b-critical-small', severities: ['critical', 'low'], exposure: 2, score: 10 },
  { id: 'c-high', severities: ['high'], exposure: 100, score: 50 },
  { id: 'd-critical-big', severities: ['critical'], exposure: 144, score: 20 },
  { id: 'e-no-findings', severities: [], exposure: 256, score: 100 },
  { id: 'f-critical-big-tie', severities: ['critical'], exposure: 144, score: 30 },
];

async function seed(store: Store): Promise<void> {
  const identities = ROWS.map((r) =>
    Identity.parse({
      id: `github:acme:app:${r.id}`,
      platform: 'github',
      tenant: 'acme',
      kind: 'oauth_app',
      nativeType: 'app',
      nativeId: r.id,
      name: r.id,
    }),
  );
  await writeIdentities(store, identities, 'run-1', NOW);
  await store.db
    .insertInto('risk_scores')
    .values(
      ROWS.map((r) => ({
        identity_id: `github:acme:app:${r.id}`,
        platform: 'github',
        tenant: 'acme',
        score: r.score,
        privilege: 0,
        exposure: 0,
        staleness: 0,
        ownership: 0,
        third_party: 0,
        explanation: '',
        parts: '[]',
        computed_at: NOW,
        fix_exposure: r.exposure,
        fix_factors: '{}',
      })),
    )
    .execute();
  const findings = ROWS.flatMap((r) => r.severities.map((severity) => ({ ...r, severity })));
  // A suppressed critical must not rank its identity: only open findings do.
  await store.db
    .insertInto('findings')
    .values([
      ...findings.map((f) => row(ruleNamed(f.severity), f.id, f.severity, 'open')),
      row('rule-suppressed', 'a-low-exposed', 'critical', 'suppressed'),
    ])
    .execute();
}

/** Critical rules sort last by name, so an order by rule name (then a cut) would miss them. */
const ruleNamed = (severity: Severity) => `${severity === 'critical' ? 'z' : 'a'}-rule-${severity}`;

function row(rule: string, id: string, severity: Severity, status: string) {
  const identity = `github:acme:app:${id}`;
  return {
    id: findingId(rule, identity),
    rule_id: rule,
    identity_id: identity,
    platform: 'github',
    tenant: 'acme',
    severity,
    title: rule,
    message: rule,
    evidence: '[]',
    status,
    first_seen: NOW,
    last_seen: NOW,
    resolved_at: null,
    resolved_reason: null,
    suppressed_reason: null,
    suppressed_by: null,
    suppressed_until: null,
  };
}

const short = (id: string) => id.replace('github:acme:app:', '');

describe.each(ENGINES)('fix-first order in SQL (%s)', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(engine);
    await seed(store);
  });
  afterAll(async () => store?.close());

  it('ranks identities by open severity, then exposure, then score, then id', async () => {
    const top = await fixFirstIdentities(store, { limit: 10 });
    expect(top.map((t) => short(t.id))).toEqual([
      'f-critical-big-tie',
      'd-critical-big',
      'b-critical-small',
      'c-high',
      'a-low-exposed',
      'e-no-findings',
    ]);
    expect(top[0]).toMatchObject({ openSeverity: 'critical', openFindings: 1, exposure: 144, score: 30 });
    expect(top[2]).toMatchObject({ openSeverity: 'critical', openFindings: 2 });
    expect(top[5]).toMatchObject({ openSeverity: null, openFindings: 0 });
    expect((await fixFirstIdentities(store, { limit: 2 })).map((t) => short(t.id))).toEqual([
      'f-critical-big-tie',
      'd-critical-big',
    ]);
  });

  it('sorts findings before the limit: the first N are the N to fix first', async () => {
    const all = await listFindings(store);
    expect(all.map((f) => `${f.severity} ${short(f.identityId)}`)).toEqual([
      'critical f-critical-big-tie',
      'critical d-critical-big',
      'critical b-critical-small',
      'high c-high',
      'low a-low-exposed',
      'low b-critical-small',
    ]);
    // Rule-name order would put a-rule-high and a-rule-low first; the limit must not cut before sorting.
    const three = await listFindings(store, { limit: 3 });
    expect(three.map((f) => f.severity)).toEqual(['critical', 'critical', 'critical']);
  });
});

describe('the risk step writes each identity exposure', () => {
  it('stores reach × privilege × credential age × usage beside the score', async () => {
    const store = await openTestStore('sqlite');
    try {
      const identity = Identity.parse({
        id: 'aws:1:role:admin',
        platform: 'aws',
        tenant: '1',
        kind: 'service_account',
        nativeType: 'role',
        nativeId: 'admin',
        name: 'admin',
        credentials: [{ id: 'k', type: 'access_key', createdAt: '2024-01-01T00:00:00Z' }],
        permissions: [{ nativeName: '*', resource: '*', access: 'admin' }],
      });
      await writeIdentities(store, [identity], 'run-1', NOW);
      await runRiskAnalysis(store, { config: StewardConfig.parse({}), clock: fixedClock(NOW), builtinRules: [] });
      const [top] = await fixFirstIdentities(store, { limit: 1 });
      expect(top.factors).toEqual({ reach: 1, privilege: 4, credentialAge: 4, usage: 2 });
      expect(top.exposure).toBe(32);
    } finally {
      await store.close();
    }
  });
});
