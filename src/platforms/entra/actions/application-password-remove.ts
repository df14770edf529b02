import type { RemediationAction } from '../../../remediation/action.js';
import { applicationSecretTargets, withGraph } from './graph.js';

/**
 * Removes a client secret from an app registration (POST /applications/{id}/removePassword { keyId }). Graph shows a
 * secret's value only when it is created, so a removed one cannot come back: there is no inverse.
 */
export const applicationPasswordRemove: RemediationAction = {
  id: 'entra.application-password.remove',
  title: 'Remove a client secret from an app registration',
  platform: 'entra',
  nativeTypes: ['application'],
  permission: 'Application.ReadWrite.All (Microsoft Graph application permission)',
  inverse: { none: 'a client secret is shown only when created; a removed one cannot be restored (add a new one)' },
  disruptive: true,
  targets: applicationSecretTargets,
  describe: (target) => ({
    calls: [
      {
        method: 'POST',
        path: `/v1.0/applications/${target.params.applicationId}/removePassword`,
        body: { keyId: target.params.keyId },
      },
    ],
    changes: [{ field: `passwordCredential ${target.params.keyId}`, before: 'present', after: 'removed' }],
  }),
  apply: (ctx, target) =>
    withGraph(ctx, target.tenant, async (client) => {
      await client
        .api(`/applications/${target.params.applicationId}/removePassword`)
        .post({ keyId: target.params.keyId });
    }),
  verify: (ctx, target) =>
    withGraph(ctx, target.tenant, async (client) => {
      const app = (await client
        .api(`/applications/${target.params.applicationId}`)
        .select('id,passwordCredentials')
        .get()) as { passwordCredentials?: Array<{ keyId?: string }> };
      const present = (app.passwordCredentials ?? []).some((p) => p.keyId === target.params.keyId);
      return { ok: !present, observed: present ? 'secret still listed' : 'secret no longer listed' };
    }),
};
