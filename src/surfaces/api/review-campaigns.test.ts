import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity, PlatformId } from '../../model/index.js';
import { NotificationsConfig, notify } from '../../notifications/index.js';
import type { Plan, RemediationAction } from '../../remediation/index.js';
import { startCampaign } from '../../remediation/reviews/index.js';
import { verifyAuditChain } from '../../store/index.js';
import { NOW, seededServer } from '../../testing/api-seed.js';
import { type HttpReceiver, startHttpReceiver } from '../../testing/receivers.js';
import type { RemediationService } from './remediation.js';
import { API_PREFIX } from './route.js';

/**
 * Running review and rotation campaigns through the API, over the hand-written seed (src/testing/api-seed.ts): on
 * platform acme, bot-a (a principal with keys c1, made 10 days before NOW, and c2, made 2026-01-01) is owned by alice;
 * key-b (a key, credential c3 made 2025-06-01) has no owner; app-c's owner bob departed; old-e is gone. The test
 * platform has three hand-written actions: disabling a key identity, deleting a key credential of a key identity, and
 * rotating a principal's credentials. Reminders go out through the real notifications layer to a local receiver.
 */
const target = (i: Identity, credentialId: string | null) => ({
  platform: i.platform,
  tenant: i.tenant,
  identityId: i.id,
  credentialId,
  label: `${i.name} ${credentialId ?? ''}`,
  params: {},
});
const fake = (id: string, nativeTypes: string[], extra: Partial<RemediationAction>): RemediationAction => ({
  id,
  title: id,
  platform: 'acme' as PlatformId,
  nativeTypes,
  permission: 'things:write',
  inverse: { none: 'test action' },
  disruptive: true,
  targets: (i) => [target(i, null)],
  describe: () => ({ calls: [{ method: 'POST', path: `/${id}` }], changes: [] }),
  apply: async () => {},
  verify: async () => ({ ok: true, observed: 'done' }),
  ...extra,
});
const ACTIONS = [
  fake('acme.key.disable', ['key'], {}),
  fake('acme.key-credential.delete', ['key'], { targets: (i) => i.credentials.map((c) => target(i, c.id)) }),
  fake('acme.principal-credential.rotate', ['principal'], {
    disruptive: false,
    targets: (i) => i.credentials.map((c) => target(i, c.id)),
    rotation: {
      start: async () => 'new-key',
      verifyStarted: async () => ({ ok: true, observed: 'both present' }),
      undo: async () => ({ ok: true, observed: 'undone' }),
    },
  }),
];

let s: Awaited<ReturnType<typeof seededServer>>;
let hook: HttpReceiver;
const saved: Plan[] = [];
const HOSTILE = '=HYPERLINK("http://evil")<script>x</script>';

beforeAll(async () => {
  hook = await startHttpReceiver();
  process.env.TEST_REVIEW_HOOK_KEY = 'k'.repeat(32);
  const targets = NotificationsConfig.parse([
    {
      name: 'reviews',
      channel: 'webhook',
      url: `${hook.url}/hook`,
      secret: { env: 'TEST_REVIEW_HOOK_KEY' },
      on: ['review-task'],
    },
  ]);
  const service: RemediationService = {
    actions: ACTIONS,
    action: (id) => ACTIONS.find((a) => a.id === id),
    context: () => ({ options: {} }),
    onPlanSaved: async (plan) => {
      saved.push(plan);
    },
  };
  s = await seededServer({
    remediation: service,
    notify: (events) =>
      notify(s.store, targets, events, { now: () => new Date(NOW), retry: { sleep: async () => {} } }),
  });
  await s.store.db.updateTable('identities').set({ name: HOSTILE }).where('id', '=', 'acme:t1:key-b').execute();
  await s.store.db
    .updateTable('people')
    .set({ manager_email: 'carol@example.com' })
    .where('email', '=', 'alice@example.com')
    .execute();
});
afterAll(async () => {
  await s?.close();
  await hook?.close();
});

const post = (path: string, as: 'viewer' | 'analyst' | 'admin', body: unknown = {}) =>
  s.call('POST', `${API_PREFIX}${path}`, as, body);
const auditRows = (action: string) =>
  s.store.db
    .selectFrom('audit_log')
    .select(['actor_token_id', 'actor_name', 'target'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();

describe('review campaigns over the API', () => {
  it('starts a campaign as the token, refuses a taken name (409) and orphans without a fallback reviewer (400)', async () => {
    const started = await post('/reviews', 'analyst', {
      name: 'Q1',
      scope: { platform: 'acme' },
      deadline: '2d',
      fallbackReviewer: 'viewer-token',
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ name: 'Q1', createdBy: 'analyst-token', tasks: 3, fallback: 2 });
    expect(started.body.deadline).toBe(new Date(Date.parse(NOW) + 2 * 86_400_000).toISOString());
    expect((await auditRows('review.start')).map((r) => [r.actor_token_id, r.actor_name])).toEqual([
      [s.ids.analyst, 'analyst-token'],
    ]);
    expect((await post('/reviews', 'analyst', { name: 'Q1', deadline: '2d', fallbackReviewer: 'x@y.z' })).status).toBe(
      409,
    );
    const noFallback = await post('/reviews', 'analyst', { name: 'Q2', scope: { platform: 'acme' }, deadline: '2d' });
    expect(noFallback.status).toBe(400);
    expect(noFallback.body.error.message).toMatch(/^2 of 3 identities in scope have no current owner/);
    expect((await post('/reviews', 'analyst', { name: 'Q3', deadline: 'soon' })).status).toBe(400);
    expect(
      (await s.call('GET', `${API_PREFIX}/reviews`, 'viewer')).body.items.map((c: { name: string }) => c.name),
    ).toEqual(['Q1']);
  });

  it('reminds tasks due soon, notifies each assignee once through the notifications layer, and audits with the token', async () => {
    const first = await post('/reviews/Q1/remind', 'analyst', { within: 3 });
    expect(first.status).toBe(200);
    expect(
      first.body.reminders.map((r: { identityId: string; assignee: string; state: string }) => [
        r.identityId,
        r.assignee,
        r.state,
      ]),
    ).toEqual([
      ['acme:t1:bot-a', 'alice@example.com', 'due-soon'],
      ['acme:t1:key-b', 'viewer-token', 'due-soon'],
      ['acme:t2:app-c', 'viewer-token', 'due-soon'],
    ]);
    // One message per recipient: alice, and the fallback reviewer for the two orphans.
    expect(first.body.notifications.map((n: { lines: string[] }) => n.lines[0]).sort()).toEqual([
      'to: alice@example.com',
      'to: viewer-token',
    ]);
    expect(first.body.deliveries).toEqual([{ notification: 'reviews', channel: 'webhook', status: 'sent' }]);
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]?.body).toContain('Access review \\"Q1\\"');
    expect((await auditRows('review.remind')).map((r) => r.actor_token_id)).toEqual([
      s.ids.analyst,
      s.ids.analyst,
      s.ids.analyst,
    ]);
    // The same reminders again: marked again, but nobody is told twice.
    const again = await post('/reviews/Q1/remind', 'analyst', { within: 3 });
    expect(again.body.deliveries).toEqual([{ notification: 'reviews', channel: 'webhook', status: 'nothing' }]);
    expect(hook.received).toHaveLength(1);
    // A dry run marks nothing and sends nothing.
    const dry = await post('/reviews/Q1/remind', 'analyst', { within: 3, dryRun: true });
    expect([dry.body.reminders.length, dry.body.deliveries]).toEqual([3, []]);
    expect(await auditRows('review.remind')).toHaveLength(6);
    expect((await post('/reviews/nope/remind', 'analyst')).status).toBe(404);
  });

  it("escalates an overdue campaign's tasks to the owner's manager, or says why nobody", async () => {
    const past = new Date(Date.parse(NOW) - 10 * 86_400_000);
    await startCampaign(s.store, {
      name: 'Late',
      scope: { platform: 'acme', tenant: 't1' },
      deadline: new Date(past.getTime() + 86_400_000),
      fallbackReviewer: 'viewer-token',
      admins: [],
      createdBy: 'alice@example.com',
      now: past,
    });
    const r = await post('/reviews/Late/remind', 'admin', { within: 0 });
    expect(
      r.body.reminders.map(
        (x: { identityId: string; state: string; escalatedTo: string | null; note: string | null }) => [
          x.identityId,
          x.state,
          x.escalatedTo,
          x.note,
        ],
      ),
    ).toEqual([
      ['acme:t1:bot-a', 'overdue', 'carol@example.com', null],
      ['acme:t1:key-b', 'overdue', null, 'no people source records a manager for viewer-token'],
    ]);
    expect((await auditRows('review.escalate')).map((x) => x.actor_token_id)).toEqual([s.ids.admin, s.ids.admin]);
  });

  it('closes: revokes become one unapproved plan planned by the token, reassigns owner assignments; once only', async () => {
    const attest = (id: string, as: 'viewer' | 'admin', body: unknown) =>
      post(`/reviews/Q1/tasks/${encodeURIComponent(id)}/attest`, as, body);
    expect((await attest('acme:t1:key-b', 'viewer', { decision: 'revoke', reason: 'unused' })).status).toBe(200);
    expect((await attest('acme:t2:app-c', 'admin', { decision: 'reassign', to: 'alice@example.com' })).status).toBe(
      200,
    );
    expect((await attest('acme:t1:bot-a', 'admin', { decision: 'keep' })).status).toBe(200);
    expect((await post('/reviews/Q1/close', 'viewer')).status).toBe(403);
    const closed = await post('/reviews/Q1/close', 'analyst', { days: 30 });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      revokeWithoutAction: [],
      reassigned: [{ identityId: 'acme:t2:app-c', to: 'alice@example.com' }],
      kept: 1,
      undecided: 0,
    });
    const plan = await s.call('GET', `${API_PREFIX}/remediation/plans/${closed.body.planId}`, 'viewer');
    expect(plan.body).toMatchObject({ status: 'planned', planner: 'analyst-token' });
    // Both disruptive actions of the test platform apply to key-b: the identity and its credential.
    expect(plan.body.items.map((i: { actionId: string }) => i.actionId)).toEqual([
      'acme.key.disable',
      'acme.key-credential.delete',
    ]);
    expect(plan.body.origin).toMatch(/^access review Q1: /);
    expect(saved.map((p) => p.id)).toEqual([closed.body.planId]);
    // The closer planned it, so the closer cannot approve it.
    expect((await post(`/remediation/plans/${closed.body.planId}/approve`, 'analyst')).status).toBe(403);
    const owner = await s.store.db
      .selectFrom('ownership')
      .selectAll()
      .where('identity_id', '=', 'acme:t2:app-c')
      .executeTakeFirstOrThrow();
    expect(owner.owner_email).toBe('alice@example.com');
    expect((await auditRows('review.close')).map((r) => r.actor_token_id)).toEqual([s.ids.analyst]);
    const planned = await s.store.db
      .selectFrom('audit_log')
      .select('actor_token_id')
      .where('action', '=', 'remediation.plan')
      .where('target', '=', closed.body.planId)
      .execute();
    expect(planned.map((r) => r.actor_token_id)).toEqual([s.ids.analyst]);
    expect((await post('/reviews/Q1/close', 'analyst')).status).toBe(409);
    expect((await post('/reviews/Q1/tasks/acme%3At1%3Abot-a/attest', 'admin', { decision: 'revoke' })).status).toBe(
      409,
    );
  });

  it('serves the completion report as JSON, CSV and HTML with the hostile name neutralised', async () => {
    const json = await s.call('GET', `${API_PREFIX}/reviews/Q1/report`, 'viewer');
    expect(json.body.totals).toEqual({
      tasks: 3,
      keep: 1,
      revoke: 1,
      reassign: 1,
      undecided: 0,
      late: 0,
      escalated: 0,
    });
    const csv = await s.call('GET', `${API_PREFIX}/reviews/Q1/report?format=csv`, 'viewer');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.raw).toContain(`"'=HYPERLINK(""http://evil"")<script>x</script>"`);
    expect(csv.raw.split('\n').some((line: string) => line.startsWith('=') || line.includes(',=HYPERLINK'))).toBe(
      false,
    );
    const html = await s.call('GET', `${API_PREFIX}/reviews/Q1/report?format=html`, 'viewer');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.raw).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html.raw).not.toContain('<script>');
    expect((await s.call('GET', `${API_PREFIX}/reviews/nope/report?format=csv`, 'viewer')).status).toBe(404);
  });
});

describe('rotation campaigns over the API', () => {
  it('creates a campaign of the credentials older than the window, and shows their state', async () => {
    const made = await post('/rotations', 'analyst', { name: 'R1', olderThanDays: 90, platform: 'acme' });
    expect(made.status).toBe(201);
    expect(
      made.body.items.map((i: { credentialId: string; owner: string | null }) => [i.credentialId, i.owner]).sort(),
    ).toEqual([
      ['c2', 'alice@example.com'],
      ['c3', null],
    ]);
    expect((await auditRows('rotation.start')).map((r) => r.actor_token_id)).toEqual([s.ids.analyst]);
    expect((await post('/rotations', 'analyst', { name: 'R2' })).status).toBe(400);
    const status = await s.call('GET', `${API_PREFIX}/rotations/R1`, 'viewer');
    expect(status.body).toMatchObject({ name: 'R1', done: 0, open: 2, unknown: 0 });
    expect(status.body.items.map((i: { plan: unknown }) => i.plan)).toEqual([null, null]);
    expect((await s.call('GET', `${API_PREFIX}/rotations/nope`, 'viewer')).status).toBe(404);
  });

  it('plans retirements per owner through the API and lists rotations for the CLI; status names the plan', async () => {
    const r = await post('/rotations/R1/plans', 'analyst', { force: { reason: 'api drill' } });
    expect(r.status).toBe(200);
    // c3 is on a key identity, whose platform has no rotation: it is deleted. c2 rotates, which the API leaves to the CLI.
    expect(
      r.body.needsRotation.map((c: { credentialId: string; actionId: string }) => [c.credentialId, c.actionId]),
    ).toEqual([['c2', 'acme.principal-credential.rotate']]);
    expect(r.body.plans).toEqual([
      { owner: 'no owner', planId: expect.any(String), items: 1, blocked: 0, rotations: 0 },
    ]);
    const c3 = r.body.choices.find((c: { credentialId: string }) => c.credentialId === 'c3');
    expect(c3).toMatchObject({
      actionId: 'acme.key-credential.delete',
      note: 'Steward has no rotation action for acme key: acme.key-credential.delete retires it; its owner makes the replacement',
    });
    const planId = r.body.plans[0].planId;
    const plan = await s.call('GET', `${API_PREFIX}/remediation/plans/${planId}`, 'viewer');
    expect(plan.body).toMatchObject({ status: 'planned', planner: 'analyst-token' });
    const status = await s.call('GET', `${API_PREFIX}/rotations/R1`, 'viewer');
    const byId = Object.fromEntries(
      status.body.items.map((i: { credentialId: string; plan: unknown }) => [i.credentialId, i.plan]),
    );
    expect(byId).toEqual({ c2: null, c3: { id: planId, actionId: 'acme.key-credential.delete', status: 'planned' } });
    const again = await post('/rotations/R1/plans', 'analyst', {});
    expect([again.body.plans, again.body.alreadyPlanned]).toEqual([[], [{ credentialId: 'c3', planId }]]);
    expect((await auditRows('rotation.plan')).map((x) => [x.actor_token_id, x.target])).toEqual([
      [s.ids.analyst, made(status)],
    ]);
    expect((await post('/rotations/R1/plans', 'analyst', { owner: 'nobody@example.com' })).status).toBe(400);
    // A rotation planned directly through the API is refused too: it has no file to hand the new secret to.
    const plansBefore = await s.store.db.selectFrom('remediation_plans').select('id').execute();
    const direct = await post('/remediation/plans', 'analyst', {
      selection: { identityIds: ['acme:t1:bot-a'] },
      actions: ['acme.principal-credential.rotate'],
    });
    expect([direct.status, direct.body.error.message]).toEqual([
      400,
      expect.stringMatching(/rotates a secret: name the file/),
    ]);
    expect(await s.store.db.selectFrom('remediation_plans').select('id').execute()).toEqual(plansBefore);
    expect((await verifyAuditChain(s.store.db)).broken).toBeNull();
  });
});

const made = (status: { body: { id: string } }) => status.body.id;
