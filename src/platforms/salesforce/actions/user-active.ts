import type { RemediationAction } from '../../../remediation/action.js';
import { quote } from '../connector/soql.js';
import { dataPath, rows, salesforce } from './rest.js';

/**
 * An integration user's IsActive (PATCH /services/data/vXX.X/sobjects/User/{id} {"IsActive": …}, 204 No Content): an
 * inactive user cannot log in or use its OAuth tokens; reactivating restores it with its profile, permission sets and
 * tokens. Salesforce does not delete users, so deactivation is always reversible.
 */
export function userActiveAction(spec: {
  id: string;
  title: string;
  active: boolean;
  inverse: string;
}): RemediationAction {
  return {
    id: spec.id,
    title: spec.title,
    platform: 'salesforce',
    nativeTypes: ['integration_user'],
    permission: 'Manage Internal Users (Help: "Deactivate Users"; Manage Users includes it)',
    inverse: spec.inverse,
    disruptive: !spec.active,
    targets: (identity) =>
      identity.enabled === spec.active
        ? []
        : [
            {
              platform: identity.platform,
              tenant: identity.tenant,
              identityId: identity.id,
              credentialId: null,
              label: `${identity.name} (user ${identity.nativeId})`,
              params: { userId: identity.nativeId },
            },
          ],
    describe: (t) => ({
      calls: [
        {
          method: 'PATCH',
          path: `/services/data/v{apiVersion}/sobjects/User/${t.params.userId}`,
          body: { IsActive: spec.active },
        },
      ],
      changes: [{ field: 'IsActive', before: !spec.active, after: spec.active }],
    }),
    apply: async (ctx, t) => {
      const path = `${dataPath(ctx)}/sobjects/User/${encodeURIComponent(t.params.userId)}`;
      await salesforce(ctx, t.tenant).send('PATCH', path, { json: { IsActive: spec.active } });
    },
    verify: async (ctx, t) => {
      const [user] = await rows<{ IsActive?: boolean | null }>(
        ctx,
        t.tenant,
        `SELECT Id, IsActive FROM User WHERE Id = ${quote(t.params.userId)}`,
      );
      if (!user) return { ok: false, observed: 'user not found' };
      return { ok: user.IsActive === spec.active, observed: `IsActive ${user.IsActive ?? 'missing'}` };
    },
  };
}
