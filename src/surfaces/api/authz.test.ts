import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededServer } from '../../testing/api-seed.js';
import { API_PREFIX, type Role, roleAllows } from './route.js';
import { ROUTES } from './routes.js';

/**
 * The authorization matrix: every route of the table × {no token, revoked token, viewer, analyst, admin}, and an
 * audit record for every write. A route added to the table without a sample request here fails the first test.
 */
const SAMPLES: Record<string, { url: string; body?: unknown }> = {
  'GET /healthz': { url: '/healthz' },
  'GET /me': { url: '/me' },
  'GET /platforms': { url: '/platforms' },
  'GET /summary': { url: '/summary' },
  'GET /identities': { url: '/identities?limit=2' },
  'GET /identities/:id': { url: `/identities/${encodeURIComponent('acme:t1:bot-a')}` },
  'GET /findings': { url: '/findings' },
  'GET /detections': { url: '/detections' },
  'GET /owners': { url: '/owners' },
  'GET /people': { url: '/people' },
  'GET /people/:email/offboarding': { url: '/people/bob%40example.com/offboarding' },
  'GET /runs': { url: '/runs' },
  'GET /runs/:id': { url: '/runs/run-acme-t1' },
  'GET /rules': { url: '/rules' },
  'GET /audit': { url: '/audit' },
  'POST /findings/:id/suppress': {
    url: `/findings/${encodeURIComponent('r-high|acme:t1:key-b')}/suppress`,
    body: { reason: 'accepted for the test' },
  },
  'POST /findings/:id/unsuppress': {
    url: `/findings/${encodeURIComponent('r-low|acme:t1:key-b')}/unsuppress`,
    body: { reason: 'no longer accepted' },
  },
  'POST /findings/suppress': { url: '/findings/suppress', body: { ruleId: 'r-med', reason: 'accepted for the test' } },
  'PUT /identities/:id/owner': {
    url: `/identities/${encodeURIComponent('acme:t1:key-b')}/owner`,
    body: { team: 'platform', reason: 'test' },
  },
  'DELETE /identities/:id/owner': { url: `/identities/${encodeURIComponent('acme:t1:key-b')}/owner` },
  'POST /owners/accept-suggestions': { url: '/owners/accept-suggestions', body: { identityIds: ['acme:t2:app-c'] } },
  'POST /scans': { url: '/scans', body: {} },
  'GET /scans/:scanId/events': { url: '/scans/unknown-scan/events' },
  'POST /tokens': { url: '/tokens', body: { name: 'made-in-test', role: 'viewer' } },
  'GET /tokens': { url: '/tokens' },
  'DELETE /tokens/:id': { url: '/tokens/ffffffffffffffff' },
  'POST /remediation/plans': { url: '/remediation/plans', body: { selection: { identityIds: ['acme:t1:bot-a'] } } },
  'GET /remediation/plans/:id': { url: '/remediation/plans/plan-nope' },
  'POST /remediation/plans/:id/approve': { url: '/remediation/plans/plan-nope/approve' },
  'POST /remediation/plans/:id/apply': { url: '/remediation/plans/plan-nope/apply' },
  'GET /reviews': { url: '/reviews' },
  'GET /reviews/tasks/mine': { url: '/reviews/tasks/mine' },
  'POST /reviews/:campaign/tasks/:identityId/attest': {
    url: `/reviews/no-such-campaign/tasks/${encodeURIComponent('acme:t1:bot-a')}/attest`,
    body: { decision: 'keep' },
  },
  'POST /reviews': {
    url: '/reviews',
    body: { name: 'authz', scope: { platform: 'acme' }, deadline: '14d', fallbackReviewer: 'viewer-token' },
  },
  'POST /reviews/:campaign/remind': { url: '/reviews/no-such-campaign/remind', body: { within: 3 } },
  'POST /reviews/:campaign/close': { url: '/reviews/no-such-campaign/close', body: {} },
  'GET /reviews/:campaign/report': { url: '/reviews/no-such-campaign/report?format=csv' },
  'GET /rotations': { url: '/rotations' },
  'POST /rotations': { url: '/rotations', body: { name: 'authz', olderThanDays: 90 } },
  'GET /rotations/:campaign': { url: '/rotations/no-such-campaign' },
  'POST /rotations/:campaign/plans': { url: '/rotations/no-such-campaign/plans', body: {} },
};

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
type Caller = Role | 'revoked' | null;
const CALLERS: Caller[] = [null, 'revoked', 'viewer', 'analyst', 'admin'];

let s: Awaited<ReturnType<typeof seededServer>>;
beforeAll(async () => {
  s = await seededServer({ scan: async () => ({ runs: [] }) });
});
afterAll(async () => s.close());

describe('authorization matrix', () => {
  it('has a sample request for every route, and no sample for a route that does not exist', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(ROUTES.map(key).sort());
  });

  it.each(ROUTES.map((r) => [key(r), r] as const))('%s', async (_name, r) => {
    const sample = SAMPLES[key(r)];
    for (const caller of CALLERS) {
      const res = await s.call(r.method, `${API_PREFIX}${sample.url}`, caller, sample.body);
      const expected =
        r.access === 'public'
          ? 'allowed'
          : caller === null || caller === 'revoked'
            ? 401
            : roleAllows(caller, r.access)
              ? 'allowed'
              : 403;
      if (expected === 'allowed') {
        expect({ caller, status: res.status }).not.toMatchObject({ status: 401 });
        expect({ caller, status: res.status }).not.toMatchObject({ status: 403 });
        expect(res.status).toBeLessThan(500);
      } else {
        expect({ caller, status: res.status }).toEqual({ caller, status: expected });
        expect(res.body.error.code).toBe(expected === 401 ? 'unauthorized' : 'forbidden');
      }
    }
  });
});

describe('audit', () => {
  it('every write through the API leaves an audit record naming the token', async () => {
    const fresh = await seededServer({ scan: async () => ({ runs: [] }) });
    try {
      // A token to revoke, so DELETE /tokens/:id succeeds.
      const victim = await fresh.call('POST', `${API_PREFIX}/tokens`, 'admin', { name: 'victim', role: 'viewer' });
      const samples: typeof SAMPLES = { ...SAMPLES, 'DELETE /tokens/:id': { url: `/tokens/${victim.body.id}` } };
      // Remediation writes come in a sequence (plan, then another person approves, then apply):
      // src/surfaces/api/remediation.test.ts checks their audit rows and who they name. An attestation needs a
      // campaign first: src/surfaces/api/reviews.test.ts checks its audit row, and review-campaigns.test.ts those of
      // remind, close and rotation plans.
      for (const r of ROUTES.filter(
        (x) =>
          x.method !== 'GET' &&
          !x.path.startsWith('/remediation/') &&
          !x.path.startsWith('/reviews/') &&
          !x.path.startsWith('/rotations/'),
      )) {
        const before = await fresh.store.db.selectFrom('audit_log').selectAll().execute();
        const sample = samples[key(r)];
        const res = await fresh.call(r.method, `${API_PREFIX}${sample.url}`, 'admin', sample.body);
        expect({ route: key(r), status: res.status }).toEqual({ route: key(r), status: r.status ?? 200 });
        const after = await fresh.store.db.selectFrom('audit_log').selectAll().execute();
        const added = after.filter((a) => !before.some((b) => b.id === a.id));
        expect({ route: key(r), added: added.length }).toEqual({ route: key(r), added: 1 });
        expect(added[0]).toMatchObject({ actor_token_id: fresh.ids.admin, actor_name: 'admin-token' });
      }
      const log = await fresh.call('GET', `${API_PREFIX}/audit?limit=500`, 'admin');
      expect(new Set(log.body.items.map((i: { action: string }) => i.action))).toEqual(
        new Set([
          'token.create',
          'finding.suppress',
          'finding.unsuppress',
          'finding.suppress-rule',
          'owner.assign',
          'owner.unassign',
          'owner.accept-suggestions',
          'scan.start',
          'token.revoke',
          'review.start',
          'rotation.start',
        ]),
      );
    } finally {
      await fresh.close();
    }
  });
});
