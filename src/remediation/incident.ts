import type { Identity } from '../model/index.js';
import type { Store } from '../store/index.js';
import { plannedByDefault, type RemediationAction } from './action.js';
import { selectIdentities } from './plan.js';

/**
 * Vendor-incident mode: everything a third party holds on every platform (its apps, grants, installations,
 * connected apps), which revoke/block actions apply, and — after apply and a re-scan — what is still held and why.
 * Held = present in the inventory and enabled; an identity a complete scan found gone, or one now disabled, is not.
 * The proof is only as good as the last scans: a tenant whose latest run did not succeed is named, and then the
 * report does not claim "0 remaining" (unknown is not empty).
 */

export interface Holding {
  identityId: string;
  platform: string;
  tenant: string;
  nativeType: string;
  name: string;
  publisher: string | null;
  /** The revoke/block actions that apply to it now. */
  actions: string[];
}

export interface VendorReport {
  vendor: string;
  /** Everything of the vendor's still in the inventory (enabled or not). */
  found: number;
  remaining: Array<Holding & { reason: string }>;
  /** Tenants whose latest scan did not succeed: what they list may be out of date. */
  unverifiedTenants: Array<{ platform: string; tenant: string; status: string }>;
  /** True only when nothing remains and every tenant's latest scan succeeded. */
  complete: boolean;
}

export async function vendorReport(
  store: Store,
  vendor: string,
  actions: readonly RemediationAction[],
): Promise<VendorReport> {
  const identities = await selectIdentities(store, { vendor });
  const remaining = identities
    .filter((i) => i.enabled)
    .map((i) => ({ ...holding(i, actions), reason: reasonHeld(i, actions) }));
  const unverifiedTenants = await unverified(store);
  return {
    vendor,
    found: identities.length,
    remaining,
    unverifiedTenants,
    complete: remaining.length === 0 && unverifiedTenants.length === 0,
  };
}

const disruptiveFor = (identity: Identity, actions: readonly RemediationAction[]) =>
  actions.filter(
    (a) =>
      plannedByDefault(a) &&
      a.platform === identity.platform &&
      a.nativeTypes.includes(identity.nativeType) &&
      a.targets(identity).length > 0,
  );

function holding(identity: Identity, actions: readonly RemediationAction[]): Holding {
  return {
    identityId: identity.id,
    platform: identity.platform,
    tenant: identity.tenant,
    nativeType: identity.nativeType,
    name: identity.name,
    publisher: identity.publisher?.name ?? null,
    actions: disruptiveFor(identity, actions).map((a) => a.id),
  };
}

function reasonHeld(identity: Identity, actions: readonly RemediationAction[]): string {
  const available = disruptiveFor(identity, actions);
  if (available.length)
    return `enabled; ${available.map((a) => a.id).join(', ')} would block it (not applied, failed, or rolled back)`;
  return `enabled; Steward has no action for ${identity.platform} ${identity.nativeType}: remove it in the vendor's console`;
}

/** Each tenant's latest run, when it did not succeed. */
async function unverified(store: Store) {
  const runs = await store.db
    .selectFrom('sync_runs')
    .select(['platform', 'tenant', 'status', 'started_at'])
    .orderBy('started_at', 'desc')
    .execute();
  const latest = new Map<string, { platform: string; tenant: string; status: string }>();
  for (const r of runs) if (!latest.has(`${r.platform}:${r.tenant}`)) latest.set(`${r.platform}:${r.tenant}`, r);
  return [...latest.values()]
    .filter((r) => r.status !== 'succeeded')
    .map(({ platform, tenant, status }) => ({ platform, tenant, status }));
}

/** Every third-party holding of the vendor (for the listing before a plan). */
export async function vendorHoldings(store: Store, vendor: string, actions: readonly RemediationAction[]) {
  return (await selectIdentities(store, { vendor })).map((i) => ({ ...holding(i, actions), enabled: i.enabled }));
}
