import type { ActionContext, ActionTarget, RemediationAction } from '../../../remediation/action.js';
import { quote, soqlDateTime } from '../connector/soql.js';
import { rows, salesforce } from './rest.js';

/**
 * Revokes one user's OAuth grant to a connected app. OauthToken supports only describeSObjects() and query() (its
 * Id is "reserved; currently always null"), so there is no sObject DELETE: the Object Reference says to send the
 * row's DeleteToken to the revoke endpoint (POST /services/oauth2/revoke, form `token=…`; 200, or 400
 * invalid_token / unsupported_token_type), which revokes the refresh token and its access tokens and deletes the row.
 * The DeleteToken is a secret: it is read at apply time, sent once, and never stored or logged.
 */

/** The WHERE clause naming one token the way the connector names it: user, app (menu item, else name), creation. */
function tokenWhere(t: ActionTarget): string {
  const app = t.params.appMenuItemId
    ? `AppMenuItemId = ${quote(t.params.appMenuItemId)}`
    : `AppName = ${quote(t.params.appName)}`;
  return `UserId = ${quote(t.params.userId)} AND ${app} AND CreatedDate = ${soqlDateTime(t.params.createdDate)}`;
}

const REVOKE_PATH = '/services/oauth2/revoke';

async function revoke(ctx: ActionContext, t: ActionTarget): Promise<void> {
  const found = await rows<{ DeleteToken?: string | null }>(
    ctx,
    t.tenant,
    `SELECT DeleteToken FROM OauthToken WHERE ${tokenWhere(t)}`,
  );
  const tokens = found.map((r) => r.DeleteToken).filter((d): d is string => typeof d === 'string' && d !== '');
  if (tokens.length === 0)
    throw new Error(
      `Salesforce listed no OauthToken with a DeleteToken for ${t.label}: revoked already, or the connecting user lacks Customize Application (it then sees only its own tokens)`,
    );
  for (const token of tokens) await salesforce(ctx, t.tenant).send('POST', REVOKE_PATH, { form: { token } });
}

export const oauthTokenRevoke: RemediationAction = {
  id: 'salesforce.oauth-token.revoke',
  title: "Revoke a user's OAuth token for a connected app",
  platform: 'salesforce',
  nativeTypes: ['oauth_token'],
  permission: "Customize Application (to read other users' OauthToken rows and their DeleteToken)",
  inverse: { none: 'a revoked token cannot be restored: the user has to authorize the app again' },
  disruptive: true,
  targets: (identity) => {
    const { userId, appName, appMenuItemId } = identity.attributes as Record<string, unknown>;
    if (typeof userId !== 'string' || !identity.createdAt) return [];
    if (typeof appMenuItemId !== 'string' && typeof appName !== 'string') return [];
    return [
      {
        platform: identity.platform,
        tenant: identity.tenant,
        identityId: identity.id,
        credentialId: null,
        label: identity.name,
        params: {
          userId,
          appName: typeof appName === 'string' ? appName : '',
          appMenuItemId: typeof appMenuItemId === 'string' ? appMenuItemId : '',
          createdDate: identity.createdAt,
        },
      },
    ];
  },
  describe: (t) => ({
    calls: [
      {
        method: 'GET',
        path: `/services/data/v{apiVersion}/query?q=SELECT DeleteToken FROM OauthToken WHERE ${tokenWhere(t)}`,
      },
      { method: 'POST', path: REVOKE_PATH, body: { token: '(the DeleteToken just read; never stored)' } },
    ],
    changes: [{ field: 'OauthToken', before: 'present', after: 'revoked' }],
  }),
  apply: (ctx, t) => revoke(ctx, t),
  verify: async (ctx, t) => {
    const left = await rows(ctx, t.tenant, `SELECT UserId FROM OauthToken WHERE ${tokenWhere(t)}`);
    return { ok: left.length === 0, observed: left.length === 0 ? 'token no longer listed' : 'token still listed' };
  },
};
