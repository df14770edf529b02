import { RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import { genericRisks, type IdentityFacts, isoOrNull } from '../../../emulation/estate/generic-oracle.js';
import type { IdentityLabel, PermissionLabel } from '../../../emulation/estate/labels.js';
import { slackRisks } from '../risks.js';
import { SCOPES } from './catalogue.js';

export type { IdentityFacts, PermissionFacts } from '../../../emulation/estate/generic-oracle.js';

const RISK_IDS = new Set([...RISK_CATALOGUE, ...slackRisks].map((r) => r.id));

/** A scope of the estate catalogue as the generic oracle's permission facts. */
export function scopeFacts(name: string) {
  const s = SCOPES[name];
  if (!s) throw new Error(`slack estate: scope ${name} is not in the catalogue`);
  return { nativeName: name, access: s.access, sensitivity: s.sensitivity, pathToAdmin: s.pathToAdmin };
}

/** The catalogue's high-sensitivity scopes among `names` (what the Slack risks look for). */
export const highOf = (names: readonly string[]): string[] => names.filter((n) => SCOPES[n]?.sensitivity === 'high');

function permissionLabels(f: IdentityFacts): PermissionLabel[] {
  const unique = new Map(f.permissions.map((p) => [p.nativeName, p]));
  return [...unique.values()]
    .map((p) => ({
      nativeName: p.nativeName,
      access: p.access,
      sensitivity: p.sensitivity,
      pathToAdmin: p.pathToAdmin,
    }))
    .sort((a, b) => (a.nativeName < b.nativeName ? -1 : a.nativeName > b.nativeName ? 1 : 0));
}

/** Facts → the ground-truth label: generic risks by the shared oracle, Slack risks as decided by the generator. */
export function toLabel(f: IdentityFacts, nowIso: string): IdentityLabel {
  const risks = [...new Set([...genericRisks(f, nowIso), ...f.platformRisks])].sort();
  for (const r of risks) if (!RISK_IDS.has(r)) throw new Error(`slack estate: unknown risk id ${r}`);
  return {
    id: f.id,
    platform: 'slack',
    tenant: f.tenant,
    kind: f.kind,
    name: f.name,
    createdAt: isoOrNull(f.createdAt),
    lastUsedAt: null,
    enabled: f.enabled,
    thirdParty: f.thirdParty,
    credentials: [],
    permissions: [...new Set(f.permissions.map((p) => p.nativeName))].sort(),
    permissionFacts: permissionLabels(f),
    owner: f.owner ? { email: f.owner.email, team: null, source: f.owner.source } : null,
    risks,
  };
}
