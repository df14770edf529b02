import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformId } from '../../model/index.js';
import type { RemediationAction } from '../../remediation/index.js';
import { verifyAuditChain } from '../../store/index.js';
import { seededServer } from '../../testing/api-seed.js';
import { ENGINES } from '../../testing/store.js';
import type { RemediationService } from './remediation.js';

/** A hand-written action over the seeded store's identities: it "disables" an identity in memory. */
function fakeService(): RemediationService & { disabled: Set<string> } {
  const disabled = new Set<string>();
  const action: RemediationAction = {
    id: 'acme.thing.disable',
    title: 'Disable a thing',
    platform: 'acme' as PlatformId,
    nativeTypes: ['thing'],
    permission: 'things:write',
    inverse: { none: 'test action' },
    disruptive: true,
    targets: (i) => [
      {
        platform: i.platform,
        tenant: i.tenant,
        identityId: i.id,
        credentialId: null,
        label: i.name,
        params: { id: i.nativeId },
      },
    ],
    describe: (t) => ({ calls: [{ method: 'POST', path: `/things/${t.params.id}/disable` }], changes: [] }),
    apply: async (_ctx, t) => {
      disabled.add(t.identityId);
    },
    verify: async (_ctx, t) => ({
      ok: disabled.has(t.identityId),
      observed: disabled.has(t.identityId) ? 'disabled' : 'enabled',
    }),
  };
  return {
    disabled,
    actions: [action],
    action: (id) => (id === action.id ? action : undefined),
    context: () => ({ options: {} }),
  };
}

describe.each(ENGINES)('remediation API on %s', (engine) => {
  let s: Awaited<ReturnType<typeof seededServer>>;
  let service: ReturnType<typeof fakeService>;
  beforeEach(async () => {
    service = fakeService();
    s = await seededServer({ engine, remediation: service });
    await s.store.db
      .updateTable('identities')
      .set({ native_type: 'thing' })
      .where('id', '=', 'acme:t1:bot-a')
      .execute();
  });
  afterEach(async () => s.close());

  it('plans as the token, refuses apply before approval and approval by the planner, applies after another approves', async () => {
    const body = { selection: { identityIds: ['acme:t1:bot-a'] }, force: { reason: 'api drill' } };
    expect((await s.call('POST', '/api/v1/remediation/plans', 'viewer', body)).status).toBe(403);
    const made = await s.call('POST', '/api/v1/remediation/plans', 'analyst', body);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      planner: 'analyst-token',
      status: 'planned',
      items: [{ actionId: 'acme.thing.disable', state: 'pending' }],
    });
    const id = made.body.id as string;

    const early = await s.call('POST', `/api/v1/remediation/plans/${id}/apply`, 'admin');
    expect(early.status).toBe(403);
    expect(early.body.error.message).toMatch(/no valid approval by someone other than its planner/);
    const self = await s.call('POST', `/api/v1/remediation/plans/${id}/approve`, 'analyst');
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/analyst-token made plan .* cannot approve it/);
    expect(service.disabled.size).toBe(0);

    expect((await s.call('POST', `/api/v1/remediation/plans/${id}/approve`, 'admin')).body.status).toBe('approved');
    expect((await s.call('POST', `/api/v1/remediation/plans/${id}/apply`, 'analyst')).status).toBe(403);
    const applied = await s.call('POST', `/api/v1/remediation/plans/${id}/apply`, 'admin');
    expect(applied.status).toBe(200);
    expect(applied.body.items).toEqual([expect.objectContaining({ state: 'done', outcome: 'applied' })]);
    expect([...service.disabled]).toEqual(['acme:t1:bot-a']);

    const audit = await s.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'actor_token_id'])
      .where('target', 'like', `${id}%`)
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'remediation.plan', actor_name: 'analyst-token', actor_token_id: s.ids.analyst },
      { action: 'remediation.approve', actor_name: 'admin-token', actor_token_id: s.ids.admin },
      { action: 'remediation.apply', actor_name: 'admin-token', actor_token_id: s.ids.admin },
    ]);
    expect((await verifyAuditChain(s.store.db)).broken).toBeNull();
    expect((await s.call('GET', '/api/v1/remediation/plans/nope', 'viewer')).status).toBe(404);
  });
});
