import type { Credential, Identity } from '../../../model/index.js';
import type { ActionTarget, RemediationAction } from '../../../remediation/action.js';
import { googleClients, signalOf } from './google-clients.js';

const KEY = 'projects/{projectsId}/serviceAccounts/{serviceAccountsId}/keys/{keysId}';
export const KEY_CALLS = {
  get: `GET /v1/${KEY}`,
  disable: `POST /v1/${KEY}:disable`,
  enable: `POST /v1/${KEY}:enable`,
} as const;

/**
 * Whether a key is one this action may act on. Enabling never touches a key Google flagged as exposed or
 * compromised: re-enabling a leaked key is not a rollback anyone wants (such keys are to be deleted).
 */
const fits = (key: Credential, enabled: boolean): boolean =>
  key.type === 'private_key' && key.enabled !== enabled && (!enabled || key.attributes.exposed !== true);

function keyTarget(identity: Identity, key: Credential): ActionTarget | null {
  const projectId = identity.attributes.projectId;
  const keyId = key.name;
  if (typeof projectId !== 'string' || !keyId) return null;
  return {
    platform: identity.platform,
    tenant: identity.tenant,
    identityId: identity.id,
    credentialId: key.id,
    label: `${identity.name} key ${keyId}`,
    params: { name: `projects/${projectId}/serviceAccounts/${identity.name}/keys/${keyId}` },
  };
}

/**
 * IAM projects.serviceAccounts.keys.disable / .enable (POST /v1/{+name}:disable|:enable): a disabled user-managed
 * key is refused when it signs in, and enabling it makes it valid again (the key material never left its holder,
 * so nothing has to be redistributed). Verified with keys.get (`disabled`).
 */
export function keyEnabledAction(spec: {
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
    permission: `iam.serviceAccountKeys.${verb} (roles/iam.serviceAccountKeyAdmin, Service Account Key Admin); verify: iam.serviceAccountKeys.get`,
    inverse: spec.inverse,
    disruptive: !spec.enabled,
    targets: (identity) =>
      identity.credentials
        .filter((k) => fits(k, spec.enabled))
        .map((k) => keyTarget(identity, k))
        .filter((t): t is ActionTarget => t !== null),
    describe: (t) => ({
      calls: [{ method: 'POST', path: `/v1/${t.params.name}:${verb}` }],
      changes: [{ field: 'disabled', before: spec.enabled, after: !spec.enabled }],
    }),
    apply: async (ctx, t) => {
      const c = googleClients(ctx, t.tenant);
      const keys = (await c.iam()).projects.serviceAccounts.keys;
      await c.calls.call(KEY_CALLS[verb], signalOf(ctx), (o) =>
        spec.enabled
          ? keys.enable({ name: t.params.name, requestBody: {} }, o)
          : keys.disable({ name: t.params.name, requestBody: {} }, o),
      );
    },
    verify: async (ctx, t) => {
      const c = googleClients(ctx, t.tenant);
      const keys = (await c.iam()).projects.serviceAccounts.keys;
      const key = await c.calls.call(KEY_CALLS.get, signalOf(ctx), (o) => keys.get({ name: t.params.name }, o));
      const disabled = key.disabled === true;
      return { ok: disabled === !spec.enabled, observed: `disabled ${disabled}` };
    },
  };
}
