import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { BUILTIN_RISKS } from '../../registry.js';

const RISK_IDS = new Set(BUILTIN_RISKS.map((r) => r.id));
import type { EntraTenantData } from './types.js';

const ENTRA_RISKS = BUILTIN_RISKS.filter((r) => r.platforms !== 'all' && r.platforms.includes('entra')).map(
  (r) => r.id,
);
/** Generic risks an Entra tenant can carry (nhi-interactive / nhi-used-by-human need evidence Graph does not give). */
const GENERIC = [
  'nhi-stale',
  'nhi-never-used',
  'nhi-no-owner',
  'nhi-owner-departed',
  'nhi-admin-privilege',
  'credential-not-rotated',
  'credential-long-lived',
  'credential-expired',
  'credential-expiring',
  'multiple-active-keys',
  'third-party-high-risk-scopes',
  'unverified-publisher',
  'tenant-wide-grant',
  'credential-reused',
];

async function riskCounts(seed: number, size: number) {
  const estate = await generateEstate({ seed, size, platforms: ['entra'] });
  const counts = new Map<string, number>();
  for (const l of estate.labels.identities) for (const r of l.risks) counts.set(r, (counts.get(r) ?? 0) + 1);
  return { estate, counts };
}

describe('Entra estate', () => {
  it('is deterministic for a seed', async () => {
    const a = await generateEstate({ seed: 3, size: 80, platforms: ['entra'] });
    const b = await generateEstate({ seed: 3, size: 80, platforms: ['entra'] });
    expect(JSON.stringify(a.platforms.entra)).toBe(JSON.stringify(b.platforms.entra));
    expect(a.labels.identities).toEqual(b.labels.identities);
    expect(
      JSON.stringify((await generateEstate({ seed: 4, size: 80, platforms: ['entra'] })).platforms.entra),
    ).not.toBe(JSON.stringify(a.platforms.entra));
  });

  it.each([
    [11, 40],
    [12, 300],
  ])('plants every Entra risk and the applicable generic ones several times (seed %i, size %i)', async (seed, size) => {
    const { estate, counts } = await riskCounts(seed, size);
    for (const id of ENTRA_RISKS) expect(counts.get(id) ?? 0, id).toBeGreaterThanOrEqual(3);
    for (const id of GENERIC)
      expect(counts.get(id) ?? 0, id).toBeGreaterThanOrEqual(
        estate.org.departed.length === 0 && id === 'nhi-owner-departed' ? 0 : 2,
      );
    for (const l of estate.labels.identities) for (const r of l.risks) expect(RISK_IDS.has(r), r).toBe(true);
  });

  it('covers the Entra object kinds the issue asks for', async () => {
    const { estate } = await riskCounts(12, 300);
    const data = estate.platforms.entra as EntraTenantData;
    const kinds = new Set(estate.labels.identities.map((l) => l.kind));
    expect([...kinds].sort()).toEqual(['oauth_app', 'service_account', 'workload_identity']);
    expect(data.applications.some((a) => a.passwordCredentials.some((p) => p.endDateTime?.startsWith('2299')))).toBe(
      true,
    );
    expect(data.applications.some((a) => a.keyCredentials.length > 0)).toBe(true);
    expect(
      Object.values(data.federatedIdentityCredentials)
        .flat()
        .some((f) => f.issuer === 'https://token.actions.githubusercontent.com'),
    ).toBe(true);
    const mis = data.servicePrincipals.filter((s) => s.servicePrincipalType === 'ManagedIdentity');
    expect(mis.some((s) => s.alternativeNames.includes('isExplicit=True'))).toBe(true);
    expect(mis.some((s) => s.alternativeNames.includes('isExplicit=False'))).toBe(true);
    // Directory roles: held by people, applications' principals, third-party apps and managed identities alike.
    const holders = new Set(data.roleAssignments.map((a) => a.principalId));
    expect(data.users.some((u) => holders.has(u.id))).toBe(true);
    expect(mis.some((s) => holders.has(s.id))).toBe(true);
    expect(data.roleAssignments.some((a) => a.directoryScopeId !== '/')).toBe(true);
    const defs = new Set(data.roleDefinitions.map((d) => d.id));
    for (const a of data.roleAssignments) expect(defs.has(a.roleDefinitionId), a.roleDefinitionId).toBe(true);
    expect(data.servicePrincipals.some((s) => !s.accountEnabled)).toBe(true);
    expect(data.servicePrincipals.some((s) => s.verifiedPublisher.verifiedPublisherId)).toBe(true);
    expect(data.oauth2PermissionGrants.some((g) => g.consentType === 'AllPrincipals')).toBe(true);
    expect(data.oauth2PermissionGrants.some((g) => g.consentType === 'Principal')).toBe(true);
    const roleNames = new Set(
      data.appRoleAssignments.map(
        (a) =>
          data.servicePrincipals.find((s) => s.id === a.resourceId)!.appRoles.find((r) => r.id === a.appRoleId)!.value,
      ),
    );
    for (const r of [
      'Mail.ReadWrite',
      'Directory.ReadWrite.All',
      'AppRoleAssignment.ReadWrite.All',
      'RoleManagement.ReadWrite.Directory',
      'full_access_as_app',
    ])
      expect(roleNames.has(r), r).toBe(true);
    expect(data.users.some((u) => !u.accountEnabled && u.employeeLeaveDateTime)).toBe(true);
    expect(Object.keys(data.managers).length).toBe(data.users.length - 1);
    // Secrets are never part of the served data.
    expect(JSON.stringify(data)).not.toMatch(/"secretText":"/);
  });

  it('labels only dates that are clear of every threshold', async () => {
    const { estate } = await riskCounts(12, 300);
    const now = Date.parse(estate.now);
    const days = (s: string) => (now - Date.parse(s)) / 86_400_000;
    for (const l of estate.labels.identities) {
      if (l.lastUsedAt) expect(Math.abs(days(l.lastUsedAt) - 90)).toBeGreaterThanOrEqual(1);
      for (const c of l.credentials) {
        if (c.createdAt) expect(Math.abs(days(c.createdAt) - 365)).toBeGreaterThanOrEqual(1);
        if (c.expiresAt) expect(Math.abs(-days(c.expiresAt) - 30)).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
