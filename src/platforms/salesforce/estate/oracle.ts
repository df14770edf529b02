import { RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import {
  genericRisks,
  type IdentityFacts,
  isoOrNull,
  type PermissionFacts,
} from '../../../emulation/estate/generic-oracle.js';
import type { IdentityLabel, PermissionLabel } from '../../../emulation/estate/labels.js';
import { salesforceRisks } from '../risks.js';

export type { CredentialFacts, IdentityFacts, PermissionFacts } from '../../../emulation/estate/generic-oracle.js';

const RISK_IDS = new Set([...RISK_CATALOGUE, ...salesforceRisks].map((r) => r.id));

const byName = (a: { nativeName: string }, b: { nativeName: string }) =>
  a.nativeName < b.nativeName ? -1 : a.nativeName > b.nativeName ? 1 : 0;

function permissionLabels(permissions: PermissionFacts[]): PermissionLabel[] {
  const unique = new Map<string, PermissionLabel>();
  for (const p of permissions)
    unique.set(p.nativeName, {
      nativeName: p.nativeName,
      access: p.access,
      sensitivity: p.sensitivity,
      pathToAdmin: p.pathToAdmin,
    });
  return [...unique.values()].sort(byName);
}

/** Facts → the ground-truth label: generic risks by the shared oracle, Salesforce risks as decided by the generator. */
export function toLabel(f: IdentityFacts, nowIso: string): IdentityLabel {
  const risks = [...new Set([...genericRisks(f, nowIso), ...f.platformRisks])].sort();
  for (const r of risks) if (!RISK_IDS.has(r)) throw new Error(`salesforce estate: unknown risk id ${r}`);
  return {
    id: f.id,
    platform: 'salesforce',
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
