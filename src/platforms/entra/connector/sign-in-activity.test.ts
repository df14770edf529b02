import { describe, expect, it } from 'vitest';
import type { WireServicePrincipalSignInActivity } from './graph-types.js';
import { assembleIdentity } from './identity.js';
import { packSignInActivity, transformSignInActivity, unpackSignInActivity } from './sign-in-activity.js';

describe('packed sign-in activity (what a full scan holds per application)', () => {
  const entries: WireServicePrincipalSignInActivity[] = [
    {
      id: 'ZGU1ODUyZjItNjFjYi00ZDRlLTg1YmUtNjU2M2I1ZmIzMGE3',
      appId: 'de5852f2-61cb-4d4e-85be-6563b5fb30a7',
      lastSignInActivity: { lastSignInDateTime: '2026-10-01T10:00:00Z', lastSignInRequestId: 'a' },
      delegatedClientSignInActivity: { lastSignInDateTime: null, lastSignInRequestId: null },
      delegatedResourceSignInActivity: null,
      applicationAuthenticationClientSignInActivity: {
        lastSignInDateTime: '2026-10-02T11:30:00-08:00',
        lastSignInRequestId: 'b',
      },
    },
    { id: 'x', appId: '8f6c4c4f-0000-4000-8000-000000000001' },
    {
      appId: '8f6c4c4f-0000-4000-8000-000000000002',
      applicationAuthenticationResourceSignInActivity: { lastSignInDateTime: '2025-01-31T23:59:59Z' },
    },
  ];

  it('reads back the same last use and per-kind detail as the entry it was packed from', () => {
    for (const entry of entries)
      expect(transformSignInActivity(unpackSignInActivity(packSignInActivity(entry)))).toEqual(
        transformSignInActivity(entry),
      );
    expect(transformSignInActivity(unpackSignInActivity(packSignInActivity(entries[0]))).lastUsedAt).toBe(
      '2026-10-02T19:30:00.000Z',
    );
  });

  it('keeps only the sign-in times (no ids), so it is far smaller than the entry', () => {
    const packed = packSignInActivity(entries[0]);
    expect(packed).not.toContain('ZGU1');
    expect(packed.length).toBeLessThan(JSON.stringify(entries[0]).length / 3);
  });
});

describe('last use counts only sign-ins where the app is the client (issue #12 item 11)', () => {
  // An API app: its own daemon signs in as a client now and then, while its users sign in to it every day.
  const api: WireServicePrincipalSignInActivity = {
    id: 'MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAx',
    appId: '00000000-0000-0000-0000-000000000001',
    lastSignInActivity: { lastSignInDateTime: '2026-05-03T09:00:00Z', lastSignInRequestId: 'r1' },
    delegatedClientSignInActivity: { lastSignInDateTime: null, lastSignInRequestId: null },
    delegatedResourceSignInActivity: { lastSignInDateTime: '2026-05-03T09:00:00Z', lastSignInRequestId: 'r1' },
    applicationAuthenticationClientSignInActivity: {
      lastSignInDateTime: '2026-01-15T04:00:00Z',
      lastSignInRequestId: 'r2',
    },
    applicationAuthenticationResourceSignInActivity: {
      lastSignInDateTime: '2026-04-30T12:00:00Z',
      lastSignInRequestId: 'r3',
    },
  };
  // A resource nobody's credentials sign in as: only others sign in to it.
  const resourceOnly: WireServicePrincipalSignInActivity = {
    id: 'MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAy',
    appId: '00000000-0000-0000-0000-000000000002',
    lastSignInActivity: { lastSignInDateTime: '2026-05-01T08:00:00Z', lastSignInRequestId: 'r4' },
    applicationAuthenticationResourceSignInActivity: {
      lastSignInDateTime: '2026-05-01T08:00:00Z',
      lastSignInRequestId: 'r4',
    },
  };
  // A user-facing client: delegated sign-ins as a client.
  const delegatedClient: WireServicePrincipalSignInActivity = {
    id: 'MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAz',
    appId: '00000000-0000-0000-0000-000000000003',
    lastSignInActivity: { lastSignInDateTime: '2026-03-10T10:10:10Z', lastSignInRequestId: 'r5' },
    delegatedClientSignInActivity: { lastSignInDateTime: '2026-03-10T10:10:10Z', lastSignInRequestId: 'r5' },
    applicationAuthenticationClientSignInActivity: {
      lastSignInDateTime: '2026-02-01T00:00:00Z',
      lastSignInRequestId: 'r6',
    },
  };

  it('takes lastUsedAt from the client kinds and keeps resource-side activity apart', () => {
    expect(transformSignInActivity(api)).toMatchObject({
      lastUsedAt: '2026-01-15T04:00:00.000Z',
      lastUsedAsResourceAt: '2026-05-03T09:00:00.000Z',
    });
    expect(transformSignInActivity(resourceOnly)).toMatchObject({
      lastUsedAt: null,
      lastUsedAsResourceAt: '2026-05-01T08:00:00.000Z',
    });
    expect(transformSignInActivity(delegatedClient)).toMatchObject({
      lastUsedAt: '2026-03-10T10:10:10.000Z',
      lastUsedAsResourceAt: null,
    });
  });

  it('puts both on the identity, with resource-side use as attributes.lastUsedAsResourceAt', () => {
    const identity = assembleIdentity({
      tenant: 'contoso.onmicrosoft.com',
      application: null,
      servicePrincipal: {
        id: '6b1e1f7e-0000-4000-8000-000000000001',
        appId: api.appId,
        displayName: 'Orders API',
        servicePrincipalType: 'Application',
        appOwnerOrganizationId: '9188040d-6c67-4c5b-b112-36a304b66dad',
      },
      spClass: 'third_party',
      appOwners: [],
      spOwners: [],
      federatedCredentials: [],
      appRoleAssignments: [],
      grants: [],
      resources: new Map(),
      userLookup: () => undefined,
      signIn: unpackSignInActivity(packSignInActivity(api)),
      signInTracked: true,
    });
    expect(identity.lastUsedAt).toBe('2026-01-15T04:00:00.000Z');
    expect(identity.lastUsedSource).toBe('servicePrincipalSignInActivities');
    expect(identity.attributes?.lastUsedAsResourceAt).toBe('2026-05-03T09:00:00.000Z');
  });
});
