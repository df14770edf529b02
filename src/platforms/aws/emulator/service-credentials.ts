import type { AwsServiceCredential, AwsUser } from '../estate/types.js';
import { type ActionFn, IamError, page, paged, userOf } from './account.js';

/**
 * ListServiceSpecificCredentials: one user's (UserName; without it, the caller's, who has none), or every user's
 * with AllUsers=true (not together with UserName), optionally for one ServiceName, paged by Marker/MaxItems.
 * Metadata only, in the member order of botocore's ServiceSpecificCredentialMetadata.
 */

const item = (u: AwsUser, c: AwsServiceCredential) => ({
  UserName: u.userName,
  Status: c.status,
  ServiceUserName: c.serviceUserName ?? undefined,
  ServiceCredentialAlias: c.serviceCredentialAlias ?? undefined,
  CreateDate: c.createDate,
  ExpirationDate: c.expirationDate ?? undefined,
  ServiceSpecificCredentialId: c.serviceSpecificCredentialId,
  ServiceName: c.serviceName,
});

export const SERVICE_CREDENTIAL_ACTIONS: Record<string, ActionFn> = {
  ListServiceSpecificCredentials: (v, p) => {
    const all = p.get('AllUsers') === 'true';
    if (all && p.has('UserName'))
      throw new IamError(400, 'InvalidInput', 'AllUsers cannot be specified together with UserName.');
    // Without UserName and AllUsers IAM answers for the calling user: the emulator's scanner holds none.
    const users = all ? v.account.users : p.has('UserName') ? [userOf(v, p)] : [];
    const service = p.get('ServiceName');
    const rows: Array<ReturnType<typeof item>> = [];
    for (const u of users)
      for (const c of u.serviceCredentials) if (!service || c.serviceName === service) rows.push(item(u, c));
    const pg = page(rows, p, 'svccreds');
    return { ServiceSpecificCredentials: pg.items, ...paged(pg) };
  },
};
