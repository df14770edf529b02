import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededServer } from '../../testing/api-seed.js';
import { ENGINES } from '../../testing/store.js';

describe.each(ENGINES)('reads on %s', (engine) => {
  let s: Awaited<ReturnType<typeof seededServer>>;
  beforeAll(async () => {
    s = await seededServer({ engine });
  });
  afterAll(async () => s.close());

  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

  describe('identities', () => {
    it('lists current identities by name with the unfiltered total', async () => {
      const r = await s.call('GET', '/api/v1/identities', 'viewer');
      expect(r.status).toBe(200);
      expect(r.body.items.map((i: { name: string }) => i.name)).toEqual([
        'Alpha bot',
        'Beta key',
        'Delta service',
        'Gamma app',
      ]);
      expect(r.body.total).toBe(4);
      expect(r.body.nextCursor).toBeNull();
    });

    it('shows owner, top open severity, open findings and credential counts per row', async () => {
      const r = await s.call('GET', '/api/v1/identities?q=alpha', 'viewer');
      expect(r.body.items).toEqual([
        {
          id: 'acme:t1:bot-a',
          name: 'Alpha bot',
          platform: 'acme',
          tenant: 't1',
          kind: 'service_account',
          nativeType: 'principal',
          owner: {
            email: 'alice@example.com',
            name: 'Alice Adams',
            login: null,
            team: null,
            status: 'active',
            source: 'creator',
            confidence: 0.8,
          },
          topSeverity: 'critical',
          openFindings: 1,
          lastUsedAt: '2026-11-10T00:00:00.000Z',
          createdAt: '2026-01-01T00:00:00.000Z',
          credentials: 2,
          goneAt: null,
        },
      ]);
      expect(r.body.total).toBeUndefined();
    });

    it('pages with a cursor, one row at a time, through every sort', async () => {
      const expected: Record<string, string[]> = {
        name: ['acme:t1:bot-a', 'acme:t1:key-b', 'globex:g1:svc-d', 'acme:t2:app-c'],
        fixFirst: ['acme:t1:bot-a', 'acme:t1:key-b', 'globex:g1:svc-d', 'acme:t2:app-c'],
        lastUsed: ['acme:t1:key-b', 'acme:t1:bot-a', 'globex:g1:svc-d', 'acme:t2:app-c'],
        created: ['acme:t2:app-c', 'acme:t1:bot-a', 'acme:t1:key-b', 'globex:g1:svc-d'],
      };
      for (const [sort, order] of Object.entries(expected)) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/api/v1/identities?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
          const r = await s.call('GET', url, 'viewer');
          expect(r.status).toBe(200);
          seen.push(...ids(r.body));
          cursor = r.body.nextCursor;
        } while (cursor && seen.length < 10);
        expect({ sort, seen }).toEqual({ sort, seen: order });
      }
    });

    it('lists an identity the analysis has not scored yet in fix-first order, last', async () => {
      // A server of its own: the identity added here would change what the other tests list.
      const own = await seededServer({ engine });
      try {
        const keyB = await own.store.db
          .selectFrom('identities')
          .selectAll()
          .where('id', '=', 'acme:t1:key-b')
          .executeTakeFirstOrThrow();
        await own.store.db
          .insertInto('identities')
          .values({ ...keyB, id: 'acme:t1:new-f', native_id: 'new-f', name: 'new-f' })
          .execute();
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/api/v1/identities?sort=fixFirst&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
          const r = await own.call('GET', url, 'viewer');
          seen.push(...ids(r.body));
          cursor = r.body.nextCursor;
        } while (cursor && seen.length < 10);
        expect(seen).toEqual(['acme:t1:bot-a', 'acme:t1:key-b', 'globex:g1:svc-d', 'acme:t2:app-c', 'acme:t1:new-f']);
      } finally {
        await own.close();
      }
    });

    it('filters by platform and text, severity, owner, kind and status', async () => {
      const get = async (q: string) => ids((await s.call('GET', `/api/v1/identities?${q}`, 'viewer')).body);
      expect(await get('platform=acme&q=bet')).toEqual(['acme:t1:key-b']);
      expect(await get('severity=high')).toEqual(['acme:t1:bot-a', 'acme:t1:key-b']);
      expect(await get('owner=none')).toEqual(['acme:t1:key-b']);
      expect(await get('owner=ops')).toEqual(['globex:g1:svc-d']);
      expect(await get('kind=oauth_app')).toEqual(['acme:t2:app-c']);
      expect(await get('status=gone')).toEqual(['acme:t1:old-e']);
      expect(await get('tenant=t2')).toEqual(['acme:t2:app-c']);
    });

    it('refuses a bad query naming the field', async () => {
      const r = await s.call('GET', '/api/v1/identities?limit=501', 'viewer');
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('bad_request');
      expect(r.body.error.message).toMatch(/^query\.limit: /);
      const c = await s.call('GET', '/api/v1/identities?cursor=nonsense', 'viewer');
      expect(c.status).toBe(400);
      expect(c.body.error.message).toMatch(/^cursor: /);
    });

    it('shows one identity with credentials, owner evidence, findings and suggestions', async () => {
      const r = await s.call('GET', `/api/v1/identities/${encodeURIComponent('acme:t1:bot-a')}`, 'viewer');
      expect(r.status).toBe(200);
      expect(r.body.identity.name).toBe('Alpha bot');
      expect(r.body.credentials.map((c: { id: string; ageDays: number }) => [c.id, c.ageDays])).toEqual([
        ['c1', 10],
        ['c2', 318],
      ]);
      expect(r.body.owner.evidence).toEqual(['created by alice']);
      expect(r.body.findings.map((f: { id: string }) => f.id)).toEqual(['r-crit|acme:t1:bot-a']);
      const gamma = await s.call('GET', `/api/v1/identities/${encodeURIComponent('acme:t2:app-c')}`, 'viewer');
      expect(gamma.body.suggestions).toContainEqual({
        email: 'alice@example.com',
        team: null,
        source: 'suggestion',
        confidence: null,
        evidence: "bob's manager",
      });
      expect((await s.call('GET', '/api/v1/identities/nope', 'viewer')).status).toBe(404);
    });
  });

  describe('findings, owners, people, runs, summary', () => {
    it('lists open findings in fix-first order, and other statuses on request', async () => {
      const r = await s.call('GET', '/api/v1/findings', 'viewer');
      expect(ids(r.body)).toEqual(['r-crit|acme:t1:bot-a', 'r-high|acme:t1:key-b', 'r-med|globex:g1:svc-d']);
      expect(r.body.items[1]).toMatchObject({ identityName: 'Beta key', exposure: 50, suppression: null });
      const suppressed = await s.call('GET', '/api/v1/findings?status=suppressed', 'viewer');
      expect(suppressed.body.items[0].suppression).toEqual({
        reason: 'known test key',
        until: null,
        by: 'carol',
        at: null,
      });
      const page1 = await s.call('GET', '/api/v1/findings?limit=2', 'viewer');
      const page2 = await s.call('GET', `/api/v1/findings?limit=2&cursor=${page1.body.nextCursor}`, 'viewer');
      expect(ids(page2.body)).toEqual(['r-med|globex:g1:svc-d']);
      expect(ids((await s.call('GET', '/api/v1/findings?severity=high', 'viewer')).body)).toHaveLength(2);
    });

    it('lists ownership by status with the one definition of owned', async () => {
      const get = async (status: string) =>
        (await s.call('GET', `/api/v1/owners?status=${status}`, 'viewer')).body.items.map(
          (i: { identity: { id: string } }) => i.identity.id,
        );
      expect(await get('owned')).toEqual(['acme:t1:bot-a', 'globex:g1:svc-d']);
      expect(await get('orphaned')).toEqual(['acme:t1:key-b']);
      expect(await get('departed')).toEqual(['acme:t2:app-c']);
    });

    it('lists people with what they own, and a leaver’s offboarding report', async () => {
      const r = await s.call('GET', '/api/v1/people', 'viewer');
      expect(r.body.items).toEqual([
        {
          email: 'alice@example.com',
          name: 'Alice Adams',
          status: 'active',
          team: 'platform',
          manager: null,
          owned: 1,
        },
        { email: 'bob@example.com', name: 'Bob Brown', status: 'departed', team: 'platform', manager: null, owned: 1 },
      ]);
      const off = await s.call('GET', '/api/v1/people/bob%40example.com/offboarding', 'viewer');
      expect(off.body.owned.map((e: { identityId: string }) => e.identityId)).toEqual(['acme:t2:app-c']);
    });

    it('lists runs newest first with per-source outcomes', async () => {
      const r = await s.call('GET', '/api/v1/runs?limit=2', 'viewer');
      expect(ids(r.body)).toEqual(['run-acme-t1', 'run-acme-t2']);
      expect(r.body.items[0].sources).toEqual([
        { id: 'keys', outcome: 'complete', endpoint: null, permission: null, message: null },
      ]);
      const next = await s.call('GET', `/api/v1/runs?limit=2&cursor=${r.body.nextCursor}`, 'viewer');
      expect(ids(next.body)).toEqual(['run-globex-g1']);
      expect((await s.call('GET', '/api/v1/runs/run-globex-g1', 'viewer')).body.tenant).toBe('g1');
    });

    it('sums the estate', async () => {
      const r = await s.call('GET', '/api/v1/summary', 'viewer');
      expect(r.body).toMatchObject({
        identities: 4,
        gone: 1,
        openFindingsBySeverity: { critical: 1, high: 1, medium: 1, low: 0, info: 0 },
        owned: 2,
        orphaned: 2,
        ownerDeparted: 1,
        people: 1,
        nhiPerPerson: 4,
        byPlatform: [
          { platform: 'acme', identities: 3, openFindings: 2 },
          { platform: 'globex', identities: 1, openFindings: 1 },
        ],
      });
      expect(r.body.fixFirst.map((f: { id: string }) => f.id).slice(0, 3)).toEqual([
        'acme:t1:bot-a',
        'acme:t1:key-b',
        'globex:g1:svc-d',
      ]);
      expect(r.body.trend).toHaveLength(3);
      expect(r.body.lastRuns.map((x: { id: string }) => x.id)).toEqual(['run-acme-t1', 'run-acme-t2', 'run-globex-g1']);
    });

    it('answers /me and /platforms from the registry handed in', async () => {
      expect((await s.call('GET', '/api/v1/me', 'analyst')).body).toEqual({
        tokenId: s.ids.analyst,
        name: 'analyst-token',
        role: 'analyst',
      });
      expect((await s.call('GET', '/api/v1/platforms', 'viewer')).body.items.map((p: { id: string }) => p.id)).toEqual([
        'acme',
        'globex',
      ]);
    });
  });
});
