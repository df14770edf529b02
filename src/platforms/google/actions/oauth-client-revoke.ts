import type { RemediationAction } from '../../../remediation/action.js';
import { VendorCallError } from '../../../sync/failure.js';
import { listUsers } from '../connector/users.js';
import { ENDPOINTS } from '../connector/sources.js';
import { type ActionClients, googleClients, signalOf } from './google-clients.js';

export const DELETE_TOKEN = 'DELETE /admin/directory/v1/users/{userKey}/tokens/{clientId}';

/**
 * The users holding a token of the client now: users.list, then tokens.list per user (the grantors are read at
 * apply time, so a user who granted it after the plan was made is revoked too). A failed call throws: a user whose
 * tokens were not read is unknown, never "does not hold it".
 */
async function holders(c: ActionClients, clientId: string, signal: AbortSignal): Promise<string[]> {
  const ws = await c.workspace();
  const userIds: string[] = [];
  for await (const page of listUsers(ws, c.calls, c.scan, signal))
    for (const u of page) {
      if (typeof u?.id !== 'string' || !u.id)
        throw new Error(
          `google: users.list answered a user without id (${u?.primaryEmail ?? '?'}): its tokens cannot be read`,
        );
      userIds.push(u.id);
    }
  const found: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < userIds.length) {
      const userKey = userIds[next++];
      const list = await c.calls.call(ENDPOINTS.tokens, signal, (o) => ws.directory.tokens.list({ userKey }, o));
      if ((list.items ?? []).some((t) => t.clientId === clientId)) found.push(userKey);
    }
  };
  await Promise.all(Array.from({ length: Math.min(c.options.concurrency, Math.max(1, userIds.length)) }, worker));
  return found.sort();
}

/** tokens.delete answers 204 with no body; a 404 means the user's token is already gone, which is the goal. */
async function revoke(c: ActionClients, userKey: string, clientId: string, signal: AbortSignal): Promise<void> {
  const ws = await c.workspace();
  try {
    await c.calls.call(DELETE_TOKEN, signal, async (o) => {
      await ws.directory.tokens.delete({ userKey, clientId }, o);
      return { data: {} };
    });
  } catch (error) {
    if (!(error instanceof VendorCallError && error.details.httpStatus === 404)) throw error;
  }
}

/**
 * Revokes a third-party OAuth client's tokens for every user who granted it (Directory tokens.delete per user and
 * clientId): the app loses access to every account's data at once — what vendor-incident mode needs for a
 * compromised vendor. There is no inverse: a grant is the user's consent, so each user must consent again.
 */
export const oauthClientRevoke: RemediationAction = {
  id: 'google.oauth-client.revoke',
  title: "Revoke a third-party OAuth client's tokens for every user",
  platform: 'google',
  nativeTypes: ['oauth_client'],
  permission:
    'https://www.googleapis.com/auth/admin.directory.user.security (an admin with the Users > Security privilege; users.list with admin.directory.user.readonly)',
  inverse: { none: "a token is a user's consent: each user must grant the app again" },
  disruptive: true,
  targets: (identity) => [
    {
      platform: identity.platform,
      tenant: identity.tenant,
      identityId: identity.id,
      credentialId: null,
      label: `${identity.name} (OAuth client ${identity.nativeId})`,
      params: { clientId: identity.nativeId, grantedUsers: String(identity.attributes.grantedUsers ?? 'unknown') },
    },
  ],
  describe: (t) => ({
    calls: [
      // Every page of users, each user's tokens, then one delete per user holding a token of the client.
      { method: 'GET', path: '/admin/directory/v1/users' },
      { method: 'GET', path: '/admin/directory/v1/users/{userKey}/tokens' },
      { method: 'DELETE', path: `/admin/directory/v1/users/{userKey}/tokens/${t.params.clientId}` },
    ],
    changes: [{ field: 'users holding a token', before: t.params.grantedUsers, after: '0' }],
  }),
  apply: async (ctx, t) => {
    const c = googleClients(ctx, t.tenant);
    const signal = signalOf(ctx);
    for (const userKey of await holders(c, t.params.clientId, signal))
      await revoke(c, userKey, t.params.clientId, signal);
  },
  verify: async (ctx, t) => {
    const left = await holders(googleClients(ctx, t.tenant), t.params.clientId, signalOf(ctx));
    return {
      ok: left.length === 0,
      observed: left.length ? `${left.length} user(s) still hold a token` : 'no user holds a token',
    };
  },
};
