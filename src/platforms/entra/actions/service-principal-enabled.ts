import type { RemediationAction } from '../../../remediation/action.js';
import { servicePrincipalTarget, withGraph } from './graph.js';

/** PATCH /servicePrincipals/{id} { accountEnabled }: a disabled service principal cannot get tokens or sign in. */
export function servicePrincipalEnabledAction(spec: {
  id: string;
  title: string;
  enabled: boolean;
  inverse: string;
}): RemediationAction {
  return {
    id: spec.id,
    title: spec.title,
    platform: 'entra',
    nativeTypes: ['application', 'servicePrincipal'],
    permission: 'Application.ReadWrite.All (Microsoft Graph application permission)',
    inverse: spec.inverse,
    disruptive: !spec.enabled,
    targets: (identity) => {
      const target = servicePrincipalTarget(identity);
      return target && identity.enabled !== spec.enabled ? [target] : [];
    },
    describe: (target) => ({
      calls: [
        {
          method: 'PATCH',
          path: `/v1.0/servicePrincipals/${target.params.servicePrincipalId}`,
          body: { accountEnabled: spec.enabled },
        },
      ],
      changes: [{ field: 'accountEnabled', before: !spec.enabled, after: spec.enabled }],
    }),
    apply: (ctx, target) =>
      withGraph(ctx, target.tenant, async (client) => {
        await client
          .api(`/servicePrincipals/${target.params.servicePrincipalId}`)
          .patch({ accountEnabled: spec.enabled });
      }),
    verify: (ctx, target) =>
      withGraph(ctx, target.tenant, async (client) => {
        const sp = (await client
          .api(`/servicePrincipals/${target.params.servicePrincipalId}`)
          .select('id,accountEnabled')
          .get()) as { accountEnabled?: boolean };
        return { ok: sp.accountEnabled === spec.enabled, observed: `accountEnabled ${String(sp.accountEnabled)}` };
      }),
  };
}
