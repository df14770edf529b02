import type { AccessLevel, CredentialType, IdentityKind, OwnerSource, Sensitivity } from '../../../model/index.js';
import { DAY_MS } from '../../../lib/clock.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { DEFAULT_THRESHOLDS, RISK_CATALOGUE } from '../../../analysis/risk/catalogue.js';
import { githubRisks } from '../risks.js';

const RISK_IDS = new Set([...RISK_CATALOGUE, ...githubRisks].map((r) => r.id));

/**
 * The label oracle: evaluates the exact risk definitions of risk-catalogue.ts over the normalized facts the
 * generator knows it serves (the same values a correct connector must produce), with DEFAULT_THRESHOLDS and the
 * estate's now. Generic risks here; GitHub-specific ones are decided by the generator from the raw data and passed in.
 */
export interface CredentialFacts {
  id: string;
  type: CredentialType;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  enabled: boolean;
  supportsExpiry: boolean;
  fingerprint: string | null;
}

export interface PermissionFacts {
  nativeName: string;
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
  tenantWide?: boolean;
}

export interface IdentityFacts {
  id: string;
  tenant: string;
  kind: IdentityKind;
  name: string;
  createdAt: string | null;
  lastUsedAt: string | null;
  /** Usage tracking exists for this identity (the connector sets lastUsedSource). */
  usageTracked: boolean;
  enabled: boolean;
  thirdParty: boolean;
  publisherVerified: boolean | null;
  interactive: boolean;
  credentials: CredentialFacts[];
  permissions: PermissionFacts[];
  owner: { email: string; source: OwnerSource; departed: boolean } | null;
  platformRisks: string[];
}

/** Vendor timestamp → ISO-8601 UTC with milliseconds (the connector's normalized form). */
export const isoOrNull = (s: string | null | undefined): string | null => (s ? new Date(s).toISOString() : null);

const ageDays = (at: string, now: number) => (now - Date.parse(at)) / DAY_MS;

export function genericRisks(f: IdentityFacts, nowIso: string, t = DEFAULT_THRESHOLDS): string[] {
  const now = Date.parse(nowIso);
  const risks: string[] = [];
  if (f.enabled && f.lastUsedAt && ageDays(f.lastUsedAt, now) > t.staleDays) risks.push('nhi-stale');
  if (f.enabled && f.usageTracked && !f.lastUsedAt && f.createdAt && ageDays(f.createdAt, now) > t.staleDays)
    risks.push('nhi-never-used');
  if (!f.owner) risks.push('nhi-no-owner');
  if (f.owner?.departed) risks.push('nhi-owner-departed');
  if (f.permissions.some((p) => p.access === 'admin' || p.pathToAdmin)) risks.push('nhi-admin-privilege');
  const live = f.credentials.filter((c) => c.enabled);
  if (
    live.some(
      (c) =>
        c.type !== 'federated' &&
        c.type !== 'webhook_secret' &&
        c.createdAt &&
        ageDays(c.createdAt, now) > t.rotationDays,
    )
  )
    risks.push('credential-not-rotated');
  if (
    live.some(
      (c) =>
        c.supportsExpiry &&
        (!c.expiresAt ||
          (c.createdAt && (Date.parse(c.expiresAt) - Date.parse(c.createdAt)) / DAY_MS > t.maxSecretLifetimeDays)),
    )
  )
    risks.push('credential-long-lived');
  if (f.credentials.some((c) => c.expiresAt && Date.parse(c.expiresAt) < now)) risks.push('credential-expired');
  if (
    live.some(
      (c) =>
        c.expiresAt && Date.parse(c.expiresAt) > now && (Date.parse(c.expiresAt) - now) / DAY_MS <= t.expiryWarningDays,
    )
  )
    risks.push('credential-expiring');
  if (live.filter((c) => c.type === 'access_key' || c.type === 'client_secret').length >= 2)
    risks.push('multiple-active-keys');
  if (
    f.thirdParty &&
    f.permissions.some((p) => (p.access === 'write' || p.access === 'admin') && p.sensitivity === 'high')
  )
    risks.push('third-party-high-risk-scopes');
  if (f.thirdParty && f.publisherVerified === false) risks.push('unverified-publisher');
  if (f.permissions.some((p) => p.tenantWide)) risks.push('tenant-wide-grant');
  if (f.interactive) risks.push('nhi-interactive');
  return risks;
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
    owner: f.owner ? { email: f.owner.email, team: null, source: f.owner.source } : null,
    risks,
  };
}
