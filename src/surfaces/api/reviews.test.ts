import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampaign } from '../../remediation/reviews/index.js';
import { verifyAuditChain } from '../../store/index.js';
import { NOW, seededServer } from '../../testing/api-seed.js';
import { API_PREFIX } from './route.js';

/**
 * Access reviews through the API over the hand-written seed (src/testing/api-seed.ts): on tenant acme, bot-a is
 * owned by alice (active), key-b has no owner and app-c's owner bob departed, so both go to the fallback reviewer —
 * here the viewer token's name. Old-e is gone and not reviewed.
 */
let s: Awaited<ReturnType<typeof seededServer>>;
const url = (campaign: string, id: string) =>
  `${API_PREFIX}/reviews/${campaign}/tasks/${encodeURIComponent(id)}/attest`;

beforeAll(async () => {
  s = await seededServer();
  await startCampaign(s.store, {
    name: 'Q4',
    scope: { platform: 'acme' },
    deadline: new Date(Date.parse(NOW) + 14 * 86_400_000),
    fallbackReviewer: 'viewer-token',
    admins: [],
    createdBy: 'alice@example.com',
    now: new Date(NOW),
  });
});
afterAll(async () => s.close());

describe('reviews API', () => {
  it("lists the calling token's tasks", async () => {
    const mine = await s.call('GET', `${API_PREFIX}/reviews/tasks/mine`, 'viewer');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((t: { identityId: string }) => t.identityId)).toEqual([
      'acme:t1:key-b',
      'acme:t2:app-c',
    ]);
    expect((await s.call('GET', `${API_PREFIX}/reviews/tasks/mine`, 'analyst')).body.items).toEqual([]);
  });

  it('lets the assignee or an admin token attest, refuses others, and audits each attestation with its token', async () => {
    expect((await s.call('POST', url('Q4', 'acme:t1:bot-a'), 'viewer', { decision: 'keep' })).status).toBe(403);
    expect((await s.call('POST', url('Q4', 'acme:t2:app-c'), 'analyst', { decision: 'keep' })).status).toBe(403);
    const ok = await s.call('POST', url('Q4', 'acme:t1:key-b'), 'viewer', { decision: 'revoke', reason: 'unused' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ decision: 'revoke', attestedBy: 'viewer-token', attestedAt: NOW });
    const noTo = await s.call('POST', url('Q4', 'acme:t2:app-c'), 'admin', { decision: 'reassign' });
    expect(noTo.status).toBe(400);
    const reassigned = await s.call('POST', url('Q4', 'acme:t2:app-c'), 'admin', {
      decision: 'reassign',
      to: 'alice@example.com',
    });
    expect(reassigned.body).toMatchObject({
      decision: 'reassign',
      reassignTo: 'alice@example.com',
      attestedBy: 'admin-token',
    });
    const rows = await s.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_token_id', 'actor_name', 'target'])
      .where('action', '=', 'review.attest')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => [r.actor_token_id, r.actor_name])).toEqual([
      [s.ids.viewer, 'viewer-token'],
      [s.ids.admin, 'admin-token'],
    ]);
    expect((await verifyAuditChain(s.store.db)).broken).toBeNull();
    const list = await s.call('GET', `${API_PREFIX}/reviews`, 'viewer');
    expect(list.body.items).toMatchObject([{ name: 'Q4', tasks: 3, decided: 2, status: 'open' }]);
  });

  it('answers 404 for an unknown campaign or task and 400 for a bad decision', async () => {
    expect((await s.call('POST', url('nope', 'acme:t1:key-b'), 'admin', { decision: 'keep' })).status).toBe(404);
    expect((await s.call('POST', url('Q4', 'acme:t9:none'), 'admin', { decision: 'keep' })).status).toBe(404);
    expect((await s.call('POST', url('Q4', 'acme:t1:key-b'), 'admin', { decision: 'maybe' })).status).toBe(400);
  });
});
