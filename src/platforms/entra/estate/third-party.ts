import {
  DATA_ROLES,
  type DelegatedSpec,
  EXTRA_SCOPES,
  LOW_SCOPES,
  type ThirdSpec,
  UNVERIFIED_DEVS,
  VENDORS,
} from './specs.js';
import { blankSp, type TenantBuilder } from './tenant-builder.js';
import type { GraphServicePrincipal } from './types.js';

/** A multi-tenant app of another organisation, consented in this tenant (verified publisher or not). */
export function makeThird(b: TenantBuilder, s: ThirdSpec): void {
  const { rng } = b;
  const [product, company] = rng.pick(VENDORS);
  const verified = s.verified ?? (company !== '' && rng.chance(0.8));
  const name = b.uniqueName(product);
  const sp = blankSp(rng.uuid(), rng.uuid(), name, rng.uuid());
  sp.accountEnabled = s.enabled ?? rng.chance(0.95);
  sp.signInAudience = 'AzureADMultipleOrgs';
  sp.servicePrincipalNames = [sp.appId];
  sp.tags = ['WindowsAzureActiveDirectoryIntegratedApp'];
  setPublisher(b, sp, product, company, verified);
  b.data.servicePrincipals.push(sp);
  const owner = b.pickOwner(s.spOwner ?? (rng.chance(0.05) ? 'active' : 'none'));
  if (owner) b.data.owners[sp.id] = [b.userIdByEmail.get(owner.email) as string];
  b.assign(sp.id, name, s.appRoles ?? (rng.chance(0.1) ? [rng.pick(DATA_ROLES)] : []), 600);
  const delegated = s.delegated !== undefined ? s.delegated : randomConsent(b);
  if (delegated) b.delegate(sp.id, delegated);
  b.assignDirectoryRoles(sp.id, s.directoryRoles ?? [], null);
  b.rate(sp, s.risk);
  b.signIn(
    sp.appId,
    s.lastSignInDaysAgo !== undefined ? s.lastSignInDaysAgo : b.randomLastSignIn(1000, 0.2, 0.25),
    !!delegated,
  );
}

function setPublisher(
  b: TenantBuilder,
  sp: GraphServicePrincipal,
  product: string,
  company: string,
  verified: boolean,
) {
  if (verified) {
    const publisher = company || `${product} Inc.`;
    sp.verifiedPublisher = {
      displayName: publisher,
      verifiedPublisherId: String(b.rng.int(1_000_000, 9_999_999)),
      addedDateTime: b.iso(b.rng.int(100, 1500)),
    };
    sp.publisherName = publisher;
  } else {
    sp.publisherName = company || b.rng.pick(UNVERIFIED_DEVS);
  }
}

/** Users (or an admin for everyone) consented to a few sign-in scopes, sometimes data scopes too. */
function randomConsent(b: TenantBuilder): DelegatedSpec {
  const { rng } = b;
  return {
    consent: rng.chance(0.35) ? ('AllPrincipals' as const) : ('Principal' as const),
    scopes: [
      ...rng.sample(LOW_SCOPES, rng.int(2, 4)),
      ...(rng.chance(0.5) ? rng.sample(EXTRA_SCOPES, rng.int(1, 2)) : []),
    ],
    users: rng.int(1, 4),
  };
}
