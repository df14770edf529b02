import type {
  AccessLevel,
  CredentialType,
  IdentityKind,
  OwnerSource,
  PlatformId,
  Sensitivity,
} from '../../model/index.js';
import { DAY_MS } from '../../lib/clock.js';
import { DEFAULT_THRESHOLDS } from '../../config/thresholds.js';
import type { IdentityLabel, PermissionLabel } from './labels.js';

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

const byNativeName = (a: { nativeName: string }, b: { nativeName: string }) =>
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
  return [...unique.values()].sort(byNativeName);
}

/**
 * A platform's facts → ground-truth label: generic risks by this oracle, the platform's own risks as its generator
 * decided them (each must be a known risk id, so a typo in a generator fails loudly).
 */
export function platformLabeller(platform: PlatformId, knownRiskIds: ReadonlySet<string>) {
  return (f: IdentityFacts, nowIso: string): IdentityLabel => {
    const risks = [...new Set([...genericRisks(f, nowIso), ...f.platformRisks])].sort();
    for (const r of risks) if (!knownRiskIds.has(r)) throw new Error(`${platform} estate: unknown risk id ${r}`);
    return {
      id: f.id,
      platform,
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
  };
}
