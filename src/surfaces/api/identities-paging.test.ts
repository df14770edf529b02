import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededServer } from '../../testing/api-seed.js';
import { findingRow } from '../../testing/risk-rows.js';
import { ENGINES } from '../../testing/store.js';

/**
 * Keyset pages of the identity list over ties, through the platform index (migration 013 made it covering) and, on
 * PostgreSQL, as prepared statements (prepared.ts) that run again page after page. Expected orders are worked out
 * by hand from the rows: the seed's acme identities (src/testing/api-seed.ts) and three more with one name.
 */
describe.each(ENGINES)('identity list pages with ties on %s', (engine) => {
  let s: Awaited<ReturnType<typeof seededServer>>;

  beforeAll(async () => {
    s = await seededServer({ engine });
    const twin = (n: number) => ({
      id: `acme:t3:twin-${n}`,
      platform: 'acme',
      tenant: 't3',
      kind: 'service_account',
      native_type: 'principal',
      native_id: `twin-${n}`,
      name: 'Twin',
      created_at: null,
      created_by: null,
      last_used_at: '2026-11-11T00:00:00.000Z',
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
      sync_run_id: 'run-acme-t3',
      gone_at: null,
      gone_run_id: null,
      stale: '[]',
    });
    await s.store.db
      .insertInto('identities')
      .values([twin(2), twin(3), twin(1)])
      .execute();
  });
  afterAll(async () => s.close());

  /** Every page of a listing, following nextCursor, as lists of ids. */
  async function pages(query: string): Promise<string[][]> {
    const out: string[][] = [];
    let cursor = '';
    for (let k = 0; k < 20; k++) {
      const r = await s.call('GET', `/api/v1/identities?${query}${cursor}`, 'viewer');
      expect(r.status).toBe(200);
      out.push(r.body.items.map((i: { id: string }) => i.id));
      if (!r.body.nextCursor) return out;
      cursor = `&cursor=${r.body.nextCursor}`;
    }
    throw new Error('more than 20 pages');
  }

  it('walks one platform by name, ties broken by id, two at a time', async () => {
    expect(await pages('platform=acme&limit=2')).toEqual([
      ['acme:t1:bot-a', 'acme:t1:key-b'],
      ['acme:t2:app-c', 'acme:t3:twin-1'],
      ['acme:t3:twin-2', 'acme:t3:twin-3'],
    ]);
  });

  it('pages a text search over ties one row at a time', async () => {
    expect(await pages('platform=acme&q=twin&limit=1')).toEqual([
      ['acme:t3:twin-1'],
      ['acme:t3:twin-2'],
      ['acme:t3:twin-3'],
    ]);
  });

  it('walks last use newest first, ties by id descending, never-used last', async () => {
    expect(await pages('platform=acme&sort=lastUsed&limit=2')).toEqual([
      ['acme:t1:key-b', 'acme:t3:twin-3'],
      ['acme:t3:twin-2', 'acme:t3:twin-1'],
      ['acme:t1:bot-a', 'acme:t2:app-c'],
    ]);
  });

  it('answers each page size with its own limit (the limit is part of the statement)', async () => {
    expect(await pages('platform=acme&limit=4')).toEqual([
      ['acme:t1:bot-a', 'acme:t1:key-b', 'acme:t2:app-c', 'acme:t3:twin-1'],
      ['acme:t3:twin-2', 'acme:t3:twin-3'],
    ]);
    expect(await pages('platform=acme&limit=5')).toEqual([
      ['acme:t1:bot-a', 'acme:t1:key-b', 'acme:t2:app-c', 'acme:t3:twin-1', 'acme:t3:twin-2'],
      ['acme:t3:twin-3'],
    ]);
  });

  /** Ids of one page. */
  const ids = async (query: string) =>
    (await s.call('GET', `/api/v1/identities?${query}`, 'viewer')).body.items.map((i: { id: string }) => i.id);

  it('answers requests of one shape each with its own values (one statement per shape, values bound per request)', async () => {
    expect(await ids('platform=acme&limit=2')).toEqual(['acme:t1:bot-a', 'acme:t1:key-b']);
    expect(await ids('platform=globex&limit=2')).toEqual(['globex:g1:svc-d']);
    expect(await ids('tenant=t2&limit=2')).toEqual(['acme:t2:app-c']);
    expect(await ids('tenant=g1&limit=2')).toEqual(['globex:g1:svc-d']);
    expect(await ids('kind=api_key')).toEqual(['acme:t1:key-b']);
    expect(await ids('kind=oauth_app')).toEqual(['acme:t2:app-c']);
    expect(await ids('owner=ALICE')).toEqual(['acme:t1:bot-a']);
    expect(await ids('owner=bob')).toEqual(['acme:t2:app-c']);
    expect(await ids('owner=ops')).toEqual(['globex:g1:svc-d']);
    expect(await ids('q=Gamma')).toEqual(['acme:t2:app-c']);
    expect(await ids('q=delta')).toEqual(['globex:g1:svc-d']);
    expect(await ids('platform=acme&q=twin&limit=2')).toEqual(['acme:t3:twin-1', 'acme:t3:twin-2']);
    expect(await ids('platform=globex&q=svc&limit=2')).toEqual(['globex:g1:svc-d']);
  });

  it('counts several open findings and names the worst open one (one subquery reads both)', async () => {
    const finding = (rule: string, severity: string, status: string) =>
      findingRow(rule, 'acme:t3:twin-1', severity, status, { title: rule, message: rule });
    // Three open (one reopened), one resolved critical and one suppressed high that must not count.
    await s.store.db
      .insertInto('findings')
      .values([
        finding('r-low', 'low', 'open'),
        finding('r-medium', 'medium', 'reopened'),
        finding('r-info', 'info', 'open'),
        finding('r-critical', 'critical', 'resolved'),
        finding('r-high', 'high', 'suppressed'),
      ])
      .execute();
    const r = await s.call('GET', '/api/v1/identities?platform=acme&q=twin&limit=3', 'viewer');
    const counts = r.body.items.map((i: { id: string; openFindings: number; topSeverity: string | null }) => [
      i.id,
      i.openFindings,
      i.topSeverity,
    ]);
    expect(counts).toEqual([
      ['acme:t3:twin-1', 3, 'medium'],
      ['acme:t3:twin-2', 0, null],
      ['acme:t3:twin-3', 0, null],
    ]);
  });
});
