import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformId } from '../../model/index.js';
import type { Plan, RemediationAction } from '../../remediation/index.js';
import { seededServer } from '../../testing/api-seed.js';
import type { RemediationService } from './remediation.js';

/** `POST /remediation/plans` tells the service each saved plan (serve sends its approval-request notification). */
const action: RemediationAction = {
  id: 'acme.thing.disable',
  title: 'Disable a thing',
  platform: 'acme' as PlatformId,
  nativeTypes: ['thing'],
  permission: 'things:write',
  inverse: { none: 'test action' },
  disruptive: true,
  targets: (i) => [
    { platform: i.platform, tenant: i.tenant, identityId: i.id, credentialId: null, label: i.name, params: {} },
  ],
  describe: () => ({ calls: [{ method: 'POST', path: '/things/disable' }], changes: [] }),
  apply: async () => {},
  verify: async () => ({ ok: true, observed: 'disabled' }),
};

describe('remediation API: plan saved hook', () => {
  let s: Awaited<ReturnType<typeof seededServer>>;
  const saved: Plan[] = [];
  beforeEach(async () => {
    const service: RemediationService = {
      actions: [action],
      action: (id) => (id === action.id ? action : undefined),
      context: () => ({ options: {} }),
      onPlanSaved: async (plan) => {
        saved.push(plan);
      },
    };
    s = await seededServer({ engine: 'sqlite', remediation: service });
    await s.store.db
      .updateTable('identities')
      .set({ native_type: 'thing' })
      .where('id', '=', 'acme:t1:bot-a')
      .execute();
  });
  afterEach(async () => s.close());

  it('is called once with the saved plan, after it is stored', async () => {
    const made = await s.call('POST', '/api/v1/remediation/plans', 'analyst', {
      selection: { identityIds: ['acme:t1:bot-a'] },
      force: { reason: 'notify drill' },
    });
    expect(made.status).toBe(201);
    expect(saved.map((p) => [p.id, p.content.planner, p.content.items.length])).toEqual([
      [made.body.id, 'analyst-token', 1],
    ]);
  });
});
