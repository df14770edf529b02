import type { OwnerClaim } from '../../../model/index.js';
import { EXPAND_LIMIT } from './expanded.js';
import { type Graph, q } from './graph.js';
import type { WireDirectoryObject } from './graph-types.js';
import type { UserContact } from './users.js';

/** Owners expanded on an application / service principal listing, with only what the claims read. */
export const OWNER_EXPAND = '$expand=owners($select=id,mail,userPrincipalName)';

/** The owners expanded on a listing, or undefined when the expansion hit Graph's cap (list them per object). */
export function expandedOwners(obj: { owners?: WireDirectoryObject[] }): WireDirectoryObject[] | undefined {
  return obj.owners && obj.owners.length < EXPAND_LIMIT ? obj.owners : undefined;
}

/** GET /{kind}/{id}/owners: every owner of one object. */
export async function listOwners(
  graph: Graph,
  kind: 'applications' | 'servicePrincipals',
  id: string,
): Promise<WireDirectoryObject[]> {
  const path = `/${kind}/${q(id)}/owners?$select=id,mail,userPrincipalName`;
  return (await graph.all<WireDirectoryObject>(path, `${kind}.owners`)).items;
}

/** Whether an owners list names a user (what an explicit_owner claim is made from). */
export function hasUserOwner(owners: WireDirectoryObject[]): boolean {
  return owners.some((o) => !!o.id && (o['@odata.type'] ?? '#microsoft.graph.user') === '#microsoft.graph.user');
}

/**
 * Owners of an application / service principal → explicit_owner claims. Pure. Users are referenced by e-mail
 * (mail, else UPN) or, lacking both, by object id; owners that are service principals are not people and are
 * returned separately as evidence.
 */
export function transformOwners(
  owners: WireDirectoryObject[],
  on: 'application' | 'servicePrincipal',
  objectId: string,
): { claims: OwnerClaim[]; nonUserOwners: string[] } {
  const claims: OwnerClaim[] = [];
  const nonUserOwners: string[] = [];
  for (const o of owners) {
    if (!o.id) continue;
    const type = o['@odata.type'] ?? '#microsoft.graph.user';
    if (type !== '#microsoft.graph.user') {
      nonUserOwners.push(`${type.replace('#microsoft.graph.', '')}:${o.id}`);
      continue;
    }
    const email = o.mail ?? o.userPrincipalName ?? null;
    claims.push({
      ref: email ? email.toLowerCase() : o.id,
      refType: email ? 'email' : 'native_user_id',
      source: 'explicit_owner',
      confidence: on === 'application' ? 0.95 : 0.9,
      evidence: `GET /${on === 'application' ? 'applications' : 'servicePrincipals'}/${objectId}/owners`,
    });
  }
  return { claims, nonUserOwners };
}

/** The one user who consented for themselves, as a consenting_user claim (several consenters name nobody). */
export function consentingUserClaim(
  userIds: string[],
  lookup: (id: string) => UserContact | undefined,
  clientId: string,
): OwnerClaim[] {
  if (userIds.length !== 1) return [];
  const u = lookup(userIds[0]);
  const email = u ? (u.mail ?? u.userPrincipalName ?? null) : null;
  return [
    {
      ref: email ? email.toLowerCase() : userIds[0],
      refType: email ? 'email' : 'native_user_id',
      source: 'consenting_user',
      confidence: 0.6,
      evidence: `oauth2PermissionGrants clientId eq '${clientId}' (consentType Principal)`,
    },
  ];
}
