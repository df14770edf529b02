import type { IdentityLabel, PermissionLabel } from '../../../emulation/estate/labels.js';
import { RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import {
  genericRisks,
  isoOrNull,
  type IdentityFacts,
  type PermissionFacts,
} from '../../../emulation/estate/generic-oracle.js';

export type { CredentialFacts, IdentityFacts, PermissionFacts } from '../../../emulation/estate/generic-oracle.js';
export { genericRisks, isoOrNull };
import { githubRisks } from '../risks.js';

const RISK_IDS = new Set([...RISK_CATALOGUE, ...githubRisks].map((r) => r.id));

/** One label per permission name (sorted); GitHub never lists a name twice with different tiers. */
function permissionLabels(permissions: PermissionFacts[]): PermissionLabel[] {
  const byName = new Map<string, PermissionLabel>();
  for (const p of permissions)
    byName.set(p.nativeName, {
      nativeName: p.nativeName,
      access: p.access,
      sensitivity: p.sensitivity,
      pathToAdmin: p.pathToAdmin,
    });
  return [...byName.values()].sort((a, b) => (a.nativeName < b.nativeName ? -1 : a.nativeName > b.nativeName ? 1 : 0));
}

/** Facts → the ground-truth label (risks sorted, permission names sorted and unique). */
export function toLabel(f: IdentityFacts, nowIso: string): IdentityLabel {
  const risks = [...genericRisks(f, nowIso), ...f.platformRisks].sort();
  for (const r of risks) if (!RISK_IDS.has(r)) throw new Error(`unknown risk id ${r}`);
  return {
    id: f.id,
    platform: 'github',
    tenant: f.tenant,
    kind: f.kind,
    name: f.name,
    createdAt: isoOrNull(f.createdAt),
    lastUsedAt: isoOrNull(f.lastUsedAt),
    enabled: f.enabled,
    thirdParty: f.thirdParty,
    credentials: f.credentials.map((c) => ({
      id: c.id,
      type: c.type,
      createdAt: isoOrNull(c.createdAt),
      expiresAt: isoOrNull(c.expiresAt),
      lastUsedAt: isoOrNull(c.lastUsedAt),
      enabled: c.enabled,
    })),
    permissions: [...new Set(f.permissions.map((p) => p.nativeName))].sort(),
    permissionFacts: permissionLabels(f.permissions),
    owner: f.owner ? { email: f.owner.email, team: null, source: f.owner.source } : null,
    risks,
  };
}
