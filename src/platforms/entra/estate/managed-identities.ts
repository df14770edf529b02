import type { ManagedSpec } from './specs.js';
import { blankSp, MS_TENANT, type TenantBuilder } from './tenant-builder.js';

/** Azure resource types that carry a system-assigned identity, as ARM names their providers. */
const SYSTEM_ASSIGNED_HOSTS = [
  ['Microsoft.Web/sites', 'func'],
  ['Microsoft.Web/sites', 'webapp'],
  ['Microsoft.Compute/virtualMachines', 'vm'],
  ['Microsoft.Logic/workflows', 'logic'],
  ['Microsoft.Automation/automationAccounts', 'automation'],
] as const;

/**
 * A managed identity (owned by Microsoft's tenant, never a resource): user-assigned (its own
 * Microsoft.ManagedIdentity/userAssignedIdentities resource, `isExplicit=True`) or system-assigned (the identity of
 * one Azure resource, named after it, `isExplicit=False`), as alternativeNames tell them apart.
 */
export function makeManaged(b: TenantBuilder, s: ManagedSpec): void {
  const { rng } = b;
  const system = (s.assigned ?? (rng.chance(0.4) ? 'system' : 'user')) === 'system';
  const sub = rng.uuid();
  let sp: ReturnType<typeof blankSp>;
  if (system) {
    const [provider, kind] = rng.pick(SYSTEM_ASSIGNED_HOSTS);
    const name = b.uniqueName(`${kind}-${rng.pick(b.org.teams)}-${rng.pick(['prod', 'staging', 'dev'])}`);
    sp = blankSp(rng.uuid(), rng.uuid(), name, MS_TENANT);
    sp.alternativeNames = [
      'isExplicit=False',
      `/subscriptions/${sub}/resourceGroups/rg-${name}/providers/${provider}/${name}`,
    ];
  } else {
    const name = b.uniqueName(
      `mi-${rng.pick(b.org.teams)}-${rng.pick(['aks', 'func', 'vm', 'logic', 'batch', 'webapp'])}`,
    );
    sp = blankSp(rng.uuid(), rng.uuid(), name, MS_TENANT);
    sp.alternativeNames = [
      'isExplicit=True',
      `/subscriptions/${sub}/resourcegroups/rg-${name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    ];
  }
  sp.servicePrincipalType = 'ManagedIdentity';
  sp.servicePrincipalNames = [sp.appId, `https://identity.azure.net/${rng.token(40)}`];
  sp.publisherName = null;
  b.data.servicePrincipals.push(sp);
  b.assign(sp.id, sp.displayName, s.appRoles ?? b.randomRoles(0.3, 0.08), 500);
  b.assignDirectoryRoles(sp.id, s.directoryRoles ?? b.randomDirectoryRoles(0.02), null);
  b.rate(sp, s.risk);
  b.signIn(
    sp.appId,
    s.lastSignInDaysAgo !== undefined ? s.lastSignInDaysAgo : b.randomLastSignIn(1000, 0.1, 0.2),
    false,
  );
}
