import type { ManagedSpec } from './specs.js';
import { blankSp, MS_TENANT, type TenantBuilder } from './tenant-builder.js';

/** A user-assigned managed identity of an Azure resource (owned by Microsoft's tenant, never a resource). */
export function makeManaged(b: TenantBuilder, s: ManagedSpec): void {
  const { rng } = b;
  const name = b.uniqueName(
    `mi-${rng.pick(b.org.teams)}-${rng.pick(['aks', 'func', 'vm', 'logic', 'batch', 'webapp'])}`,
  );
  const sp = blankSp(rng.uuid(), rng.uuid(), name, MS_TENANT);
  sp.servicePrincipalType = 'ManagedIdentity';
  sp.servicePrincipalNames = [sp.appId, `https://identity.azure.net/${rng.token(40)}`];
  sp.alternativeNames = [
    'isExplicit=True',
    `/subscriptions/${rng.uuid()}/resourcegroups/rg-${name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
  ];
  sp.publisherName = null;
  b.data.servicePrincipals.push(sp);
  b.assign(sp.id, name, s.appRoles ?? b.randomRoles(0.3, 0.08), 500);
  b.signIn(
    sp.appId,
    s.lastSignInDaysAgo !== undefined ? s.lastSignInDaysAgo : b.randomLastSignIn(1000, 0.1, 0.2),
    false,
  );
}
