import type { RemediationAction } from '../../../remediation/action.js';
import { googleClients, signalOf } from './google-clients.js';

export const SA_CALLS = {
  get: 'GET /v1/projects/{projectsId}/serviceAccounts/{serviceAccountsId}',
  disable: 'POST /v1/projects/{projectsId}/serviceAccounts/{serviceAccountsId}:disable',
  enable: 'POST /v1/projects/{projectsId}/serviceAccounts/{serviceAccountsId}:enable',
} as const;

/**
 * IAM projects.serviceAccounts.disable / .enable (POST /v1/{+name}:disable|:enable, Empty body): a disabled
 * account cannot authenticate (its keys and tokens are refused) until it is enabled again, with its keys and roles
 * as they were. Verified with projects.serviceAccounts.get (`disabled`).
 */
export function serviceAccountEnabledAction(spec: {
  id: string;
  title: string;
  enabled: boolean;
  inverse: string;
}): RemediationAction {
  const verb = spec.enabled ? 'enable' : 'disable';
  return {
    id: spec.id,
    title: spec.title,
    platform: 'google',
    nativeTypes: ['service_account'],
    permission: `iam.serviceAccounts.${verb} (roles/iam.serviceAccountAdmin, Service Account Admin); verify: iam.serviceAccounts.get`,
    inverse: spec.inverse,
    disruptive: !spec.enabled,
    targets: (identity) => {
      const projectId = identity.attributes.projectId;
      if (identity.enabled === spec.enabled || typeof projectId !== 'string') return [];
      return [
        {
          platform: identity.platform,
          tenant: identity.tenant,
          identityId: identity.id,
          credentialId: null,
          label: `${identity.name} (service account in ${projectId})`,
          params: { name: `projects/${projectId}/serviceAccounts/${identity.name}` },
        },
      ];
    },
    describe: (t) => ({
      calls: [{ method: 'POST', path: `/v1/${t.params.name}:${verb}` }],
      changes: [{ field: 'disabled', before: spec.enabled, after: !spec.enabled }],
    }),
    apply: async (ctx, t) => {
      const c = googleClients(ctx, t.tenant);
      const accounts = (await c.iam()).projects.serviceAccounts;
      await c.calls.call(SA_CALLS[verb], signalOf(ctx), (o) =>
        spec.enabled
          ? accounts.enable({ name: t.params.name, requestBody: {} }, o)
          : accounts.disable({ name: t.params.name, requestBody: {} }, o),
      );
    },
    verify: async (ctx, t) => {
      const c = googleClients(ctx, t.tenant);
      const accounts = (await c.iam()).projects.serviceAccounts;
      const sa = await c.calls.call(SA_CALLS.get, signalOf(ctx), (o) => accounts.get({ name: t.params.name }, o));
      const disabled = sa.disabled === true;
      return { ok: disabled === !spec.enabled, observed: `disabled ${disabled}` };
    },
  };
}
