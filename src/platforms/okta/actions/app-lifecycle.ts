import type { RemediationAction } from '../../../remediation/action.js';
import { getJson } from '../connector/requests.js';
import { okta } from './okta-client.js';

/**
 * Okta app lifecycle (POST /api/v1/apps/{appId}/lifecycle/deactivate|activate, the SDK's ApplicationApi): an
 * inactive app gets no tokens and no sign-ins; activation restores it with its settings and assignments.
 */
export function appLifecycleAction(spec: {
  id: string;
  title: string;
  active: boolean;
  inverse: string;
}): RemediationAction {
  const verb = spec.active ? 'activate' : 'deactivate';
  const status = spec.active ? 'ACTIVE' : 'INACTIVE';
  return {
    id: spec.id,
    title: spec.title,
    platform: 'okta',
    nativeTypes: ['service_app', 'oauth_app'],
    permission: 'okta.apps.manage (OAuth scope) or an admin with app administration (SSWS token)',
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
              label: `${identity.name} (app ${identity.nativeId})`,
              params: { appId: identity.nativeId },
            },
          ],
    describe: (t) => ({
      calls: [{ method: 'POST', path: `/api/v1/apps/${t.params.appId}/lifecycle/${verb}` }],
      changes: [{ field: 'status', before: spec.active ? 'INACTIVE' : 'ACTIVE', after: status }],
    }),
    apply: async (ctx, t) => {
      const api = okta(ctx, t.tenant).sdk.applicationApi;
      await (spec.active
        ? api.activateApplication({ appId: t.params.appId })
        : api.deactivateApplication({ appId: t.params.appId }));
    },
    verify: async (ctx, t) => {
      const client = okta(ctx, t.tenant);
      const { body } = await getJson(
        client,
        `${client.orgUrl}/api/v1/apps/${encodeURIComponent(t.params.appId)}`,
        ctx.signal,
      );
      const seen = (body as { status?: string }).status;
      return { ok: seen === status, observed: `status ${seen ?? 'missing'}` };
    },
  };
}
