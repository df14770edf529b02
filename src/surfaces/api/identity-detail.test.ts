import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededServer } from '../../testing/api-seed.js';
import { ENGINES } from '../../testing/store.js';

/**
 * The identity page reads everything in three statements (identity-record.ts): its children come back as JSON
 * arrays. Expected values are the rows written here and in src/testing/api-seed.ts, by hand.
 */
describe.each(ENGINES)('identity page on %s', (engine) => {
  let s: Awaited<ReturnType<typeof seededServer>>;
  const detail = async (id: string) => s.call('GET', `/api/v1/identities/${encodeURIComponent(id)}`, 'viewer');

  beforeAll(async () => {
    s = await seededServer({ engine });
    const db = s.store.db;
    const permission = (ordinal: number, nativeName: string, access: string, pathToAdmin: number) => ({
      identity_id: 'acme:t1:bot-a',
      ordinal,
      platform: 'acme',
      tenant: 't1',
      native_name: nativeName,
      resource: `bucket/${nativeName}`,
      access,
      sensitivity: 'high',
      path_to_admin: pathToAdmin,
      source: 'policy:p1',
      last_used_at: ordinal === 0 ? '2026-11-02T00:00:00.000Z' : null,
      attributes: '{"via":"group"}',
      sync_run_id: 'seed',
    });
    // Written out of order: the page lists them in the order the connector gave (ordinal).
    await db
      .insertInto('permissions')
      .values([permission(1, 'write', 'write', 1), permission(0, 'read', 'read', 0)])
      .execute();
    const edge = (from: string, to: string, kind: string) => ({
      from_id: from,
      to_id: to,
      kind,
      platform: 'acme',
      tenant: 't1',
      attributes: '{}',
      sync_run_id: 'seed',
    });
    await db
      .insertInto('edges')
      .values([
        edge('acme:t1:key-b', 'acme:t1:bot-a', 'trusts'),
        edge('acme:t1:bot-a', 'acme:t1:old-e', 'assumes'),
        edge('acme:t1:bot-a', 'acme:t1:not-scanned', 'assumes'),
        edge('globex:g1:svc-d', 'acme:t1:bot-a', 'member_of'),
      ])
      .execute();
    // A run that started when bot-a was first seen (the seed's run-acme-t1 started when it was last seen).
    await db
      .insertInto('sync_runs')
      .values({
        id: 'run-acme-t1-first',
        platform: 'acme',
        tenant: 't1',
        scope: '',
        started_at: '2026-11-01T00:00:00.000Z',
        finished_at: '2026-11-01T01:00:00.000Z',
        status: 'succeeded',
        mode: 'full',
        counts: '{}',
        api_calls: 1,
        pages: 1,
        retries: 0,
        errors: '[]',
        sources: '[]',
      })
      .execute();
    // The ownership step's old reading of an identity since gone: the page shows no evidence or suggestion for it.
    await db
      .insertInto('ownership')
      .values({
        identity_id: 'acme:t1:old-e',
        owner_person_id: null,
        owner_email: 'carol@example.com',
        owner_team: null,
        source: 'tag',
        confidence: 0.9,
        candidates: JSON.stringify([
          {
            source: 'tag',
            confidence: 0.9,
            evidence: 'tag owner=carol',
            email: 'carol@example.com',
            team: null,
            eligible: true,
          },
          {
            source: 'creator',
            confidence: 0.5,
            evidence: 'created by dan',
            email: 'dan@example.com',
            team: null,
            eligible: true,
          },
        ]),
        computed_at: '2026-11-10T00:00:00.000Z',
        owner_status: null,
        orphan: 0,
        orphan_reason: null,
        suggested_email: 'erin@example.com',
        suggested_team: null,
        suggestion_reason: 'manager',
      })
      .execute();
  });
  afterAll(async () => s.close());

  it('lists credentials by id and permissions in the connector order, with every field', async () => {
    const r = await detail('acme:t1:bot-a');
    expect(r.status).toBe(200);
    expect(r.body.credentials.map((c: { id: string }) => c.id)).toEqual(['c1', 'c2']);
    expect(r.body.credentials[0]).toEqual({
      id: 'c1',
      kind: 'api_key',
      name: 'c1',
      createdAt: '2026-11-05T12:00:00.000Z',
      expiresAt: null,
      lastUsedAt: null,
      enabled: true,
      ageDays: 10,
    });
    expect(r.body.permissions).toEqual([
      {
        resource: 'bucket/read',
        action: 'read',
        access: 'read',
        sensitivity: 'high',
        pathToAdmin: false,
        source: 'policy:p1',
        lastUsedAt: '2026-11-02T00:00:00.000Z',
        attributes: { via: 'group' },
      },
      {
        resource: 'bucket/write',
        action: 'write',
        access: 'write',
        sensitivity: 'high',
        pathToAdmin: true,
        source: 'policy:p1',
        lastUsedAt: null,
        attributes: { via: 'group' },
      },
    ]);
    expect(r.body.identity.credentials).toBe(2);
  });

  it('shows edges out (by target) then in (by source), naming each end it knows, a gone one included', async () => {
    const r = await detail('acme:t1:bot-a');
    expect(r.body.edges).toEqual([
      { from: 'acme:t1:bot-a', to: 'acme:t1:not-scanned', kind: 'assumes', fromName: 'Alpha bot' },
      { from: 'acme:t1:bot-a', to: 'acme:t1:old-e', kind: 'assumes', fromName: 'Alpha bot', toName: 'Epsilon old' },
      { from: 'acme:t1:key-b', to: 'acme:t1:bot-a', kind: 'trusts', fromName: 'Beta key', toName: 'Alpha bot' },
      {
        from: 'globex:g1:svc-d',
        to: 'acme:t1:bot-a',
        kind: 'member_of',
        fromName: 'Delta service',
        toName: 'Alpha bot',
      },
    ]);
  });

  it('names the runs that first and last saw it in its history', async () => {
    const r = await detail('acme:t1:bot-a');
    expect(r.body.history).toEqual([
      { runId: 'run-acme-t1-first', at: '2026-11-01T00:00:00.000Z', change: 'first seen' },
      { runId: null, at: NOW_FINDING, change: 'finding raised: r-crit' },
      { runId: 'run-acme-t1', at: '2026-11-15T00:00:00.000Z', change: 'last seen' },
    ]);
  });

  it('shows a gone identity with its last owner, without evidence or suggestions', async () => {
    const r = await detail('acme:t1:old-e');
    expect(r.status).toBe(200);
    expect(r.body.identity.goneAt).toBe('2026-11-15T00:00:00.000Z');
    expect(r.body.owner).toEqual({
      email: 'carol@example.com',
      name: null,
      login: null,
      team: null,
      status: null,
      source: 'tag',
      confidence: 0.9,
      evidence: [],
    });
    expect(r.body.suggestions).toEqual([]);
    expect(r.body.edges).toEqual([
      { from: 'acme:t1:bot-a', to: 'acme:t1:old-e', kind: 'assumes', fromName: 'Alpha bot', toName: 'Epsilon old' },
    ]);
    expect(r.body.history.map((h: { change: string }) => h.change)).toEqual([
      'first seen',
      'gone (a complete scan no longer lists it)',
    ]);
  });

  it('answers empty lists for an identity that holds nothing, and the same page on a second call', async () => {
    const first = await detail('acme:t2:app-c');
    expect(first.body.credentials).toEqual([]);
    expect(first.body.permissions).toEqual([]);
    expect(first.body.edges).toEqual([]);
    // Its tenant's only run started on 2026-11-14, neither when it was first seen nor when it was last seen.
    expect(first.body.history).toEqual([
      { runId: null, at: '2026-11-01T00:00:00.000Z', change: 'first seen' },
      { runId: null, at: '2026-11-01T00:00:00.000Z', change: 'finding raised: r-crit' },
      { runId: null, at: '2026-11-15T00:00:00.000Z', change: 'last seen' },
    ]);
    // PostgreSQL runs the page's statements as named ones from the second call on the same connection.
    for (let k = 0; k < 3; k++) expect((await detail('acme:t2:app-c')).body).toEqual(first.body);
  });
});

/** When the seed's findings were first seen, as its identities were (src/testing/api-seed.ts). */
const NOW_FINDING = '2026-11-01T00:00:00.000Z';
