import type { AccessLevel, CredentialType, IdentityKind, OwnerSource, Sensitivity } from '../../model/index.js';
import { DAY_MS } from '../../lib/clock.js';
import { DEFAULT_THRESHOLDS } from '../../config/thresholds.js';

/**
 * The generic-risk oracle every estate generator shares: evaluates the exact generic risk definitions
 * (src/analysis/risk/catalogue.ts) over the normalized facts a generator knows it serves (the values a correct
 * connector must produce), with DEFAULT_THRESHOLDS and the estate's now. It reads no connector or rule code, so the
 * labels are an independent view. Platform risks are decided by each generator from its own catalogue.
 * Cross-identity risks (credential-reused) and usage evidence (nhi-used-by-human) are labelled by the generators.
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
