import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../testing/store.js';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { EntraTenantData } from '../estate/types.js';
import { type EntraTenant, startEntraEmulator, type StartedEntra } from '../emulator/index.js';
import { listIdentityViews, type Store } from '../../../store/index.js';
import { connectorFor } from '../../registry.js';
import { runOne } from '../../../sync/engine.js';

/**
 * Gives a home application's SP and a third-party SP 24 app role assignments each, the application 20 federated
 * credentials, and both objects 23 owners: every expanded collection comes back at Graph's cap.
 */
function plantBeyondCap(t: EntraTenant, data: EntraTenantData) {
  const app = t.data.applications.find((a) =>
    t.data.servicePrincipals.some((s) => s.appId === a.appId && s.appOwnerOrganizationId === t.data.tenantId),
  )!;
  const sp = t.data.servicePrincipals.find(
    (s) => s.appId === app.appId && s.appOwnerOrganizationId === t.data.tenantId,
  )!;
  const resource = t.data.servicePrincipals.find((s) => s.appRoles.length > 0)!;
  const third = t.data.servicePrincipals.find(
    (s) =>
      s.appOwnerOrganizationId !== t.data.tenantId &&
      s.servicePrincipalType !== 'ManagedIdentity' &&
      s.appRoles.length === 0 &&
      !['f8cdef31-a31e-4b4a-93e4-5f571e91255a', '72f988bf-86f1-41af-91ab-2d7cd011db47'].includes(
        s.appOwnerOrganizationId,
      ),
  )!;
  expect(third).toBeDefined();
  for (const target of [sp, third]) {
    for (let i = 0; i < 24; i++)
      expect(
        t.addAppRoleAssignment(
          target.id,
          resource.id,
          resource.appRoles[i % resource.appRoles.length].id,
          new Date(data.now),
        ),
      ).not.toBeNull();
  }
  t.data.federatedIdentityCredentials[app.id] = Array.from({ length: 20 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `fic-${i}`,
    issuer: 'https://token.actions.githubusercontent.com',
    subject: `repo:acme/r${i}:ref:refs/heads/main`,
    audiences: ['api://AzureADTokenExchange'],
    description: null,
  }));
  expect(t.data.users.length).toBeGreaterThanOrEqual(25);
  t.data.owners[app.id] = t.data.users.slice(0, 23).map((u) => u.id);
  t.data.owners[sp.id] = t.data.users.slice(2, 25).map((u) => u.id);
  return { app, sp, third };
}

/** Graph expands at most 20 items of a relationship: the full scan lists the rest per object. */
describe('Entra connector: expanded collections at the 20-item cap (sqlite)', () => {
  let started: StartedEntra;
  let store: Store;
  let data: EntraTenantData;

  beforeAll(async () => {
    data = (await generateEstate({ seed: 31, size: 600, platforms: ['entra'] })).platforms.entra as EntraTenantData;
    started = await startEntraEmulator(data);
    Object.assign(process.env, started.env);
    store = await openTestStore('sqlite');
  });
  afterAll(async () => {
    await store?.close?.();
    await started?.emulator.close();
  });

  it('recovers all owners, app role assignments and federated credentials beyond the $expand cap', async () => {
    const t = started.tenant;
    const { app, sp, third } = plantBeyondCap(t, data);

    const run = await runOne(
      {
        platform: 'entra',
        tenant: started.tenants[0].tenant,
        options: { ...started.tenants[0].options, retryDelaySeconds: 0 },
      },
      { store, connectors: connectorFor },
    );
    expect(run.errors).toEqual([]);
    expect(run.mode).toBe('full');
    const views = new Map((await listIdentityViews(store, { platform: 'entra' })).map((v) => [v.id, v]));
    const tenant = started.tenants[0].tenant;
    const merged = views.get(`entra:${tenant}:application:${app.id}`)!;
    const roles = (id: string) =>
      t.assignmentsHeldBy(id).filter((a) => a.appRoleId !== '00000000-0000-0000-0000-000000000000').length;
    expect(merged.credentials.filter((c) => c.type === 'federated')).toHaveLength(20);
    expect(merged.permissions.filter((p) => p.source === 'appRoleAssignment')).toHaveLength(roles(sp.id));
    expect(roles(sp.id)).toBeGreaterThanOrEqual(24);
    expect(merged.ownerClaims.filter((c) => c.source === 'explicit_owner' && c.confidence === 0.95)).toHaveLength(23);
    expect(merged.ownerClaims.filter((c) => c.source === 'explicit_owner' && c.confidence === 0.9)).toHaveLength(23);
    const other = views.get(`entra:${tenant}:servicePrincipal:${third.id}`)!;
    expect(other.permissions.filter((p) => p.source === 'appRoleAssignment')).toHaveLength(roles(third.id));
    expect(other.permissions.every((p) => p.attributes.resolved === true || p.source !== 'appRoleAssignment')).toBe(
      true,
    );
  });
});
