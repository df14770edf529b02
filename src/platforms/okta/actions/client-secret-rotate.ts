import type { OAuth2ClientSecret } from '@okta/okta-sdk-nodejs';
import type { Identity } from '../../../model/index.js';
import type {
  ActionContext,
  ActionTarget,
  DeliverSecret,
  RemediationAction,
  VerifyResult,
} from '../../../remediation/action.js';
import { okta } from './okta-client.js';

/**
 * Rotates an OAuth app's client secret in two phases (Okta Application Client Auth Credentials, the SDK's
 * ApplicationSSOPublicKeysApi). Phase 1: createOAuth2ClientSecret — the only answer that holds the secret in full —
 * delivered once to the plan's file. Phase 2, after the grace: deactivateOAuth2ClientSecret, then
 * deleteOAuth2ClientSecret of the old secret (Okta deletes only inactive secrets). Okta allows two secrets per
 * client, so only an app with exactly one secret, active, is a target.
 */

const SECRETS = '/api/v1/apps/{appId}/credentials/secrets';
/** Auth methods that use no client secret: Okta refuses a secret for them. */
const NO_SECRET = new Set(['private_key_jwt', 'none']);

const APP_TYPES = ['service_app', 'oauth_app'];

function singleActiveSecret(identity: Identity): ActionTarget[] {
  if (!APP_TYPES.includes(identity.nativeType) || NO_SECRET.has(String(identity.attributes.tokenEndpointAuthMethod)))
    return [];
  const secrets = identity.credentials.filter((c) => c.type === 'client_secret');
  if (secrets.length !== 1 || secrets[0].attributes.status !== 'ACTIVE') return [];
  const secretId = secrets[0].id.slice(secrets[0].id.lastIndexOf(':') + 1);
  return [
    {
      platform: identity.platform,
      tenant: identity.tenant,
      identityId: identity.id,
      credentialId: secrets[0].id,
      label: `${identity.name} (app ${identity.nativeId}) secret ${secretId}`,
      params: { appId: identity.nativeId, keyId: secretId },
    },
  ];
}

const api = (ctx: ActionContext, t: ActionTarget) => okta(ctx, t.tenant).sdk.applicationSSOPublicKeysApi;

/** The app's secrets (one short list; the SDK's Collection follows any `next` link). */
async function listSecrets(ctx: ActionContext, t: ActionTarget): Promise<OAuth2ClientSecret[]> {
  const out: OAuth2ClientSecret[] = [];
  for await (const secret of await api(ctx, t).listOAuth2ClientSecrets({ appId: t.params.appId }))
    if (secret) out.push(secret);
  return out;
}

const statusOf = (secrets: OAuth2ClientSecret[], id: string | undefined) =>
  secrets.find((s) => s.id === id)?.status ?? 'absent';

async function check(ctx: ActionContext, t: ActionTarget, old: string, replacement: string): Promise<VerifyResult> {
  const secrets = await listSecrets(ctx, t);
  const seen = { old: statusOf(secrets, t.params.keyId), replacement: statusOf(secrets, t.params.newKeyId) };
  return {
    ok: seen.old === old && seen.replacement === replacement,
    observed: `old secret ${seen.old}, new secret ${seen.replacement}`,
  };
}

/** Deactivates (when active) and deletes one secret. */
async function retire(ctx: ActionContext, t: ActionTarget, secretId: string, status: string) {
  const { appId } = t.params;
  if (status === 'ACTIVE') await api(ctx, t).deactivateOAuth2ClientSecret({ appId, secretId });
  if (status !== 'absent') await api(ctx, t).deleteOAuth2ClientSecret({ appId, secretId });
}

async function createAndDeliver(ctx: ActionContext, t: ActionTarget, deliver: DeliverSecret): Promise<string> {
  const { appId } = t.params;
  // An empty body: Okta generates the secret (a body's client_secret would be one Steward chose).
  const created = await api(ctx, t).createOAuth2ClientSecret({ appId, oAuth2ClientSecretRequestBody: {} });
  if (!created.id) throw new Error(`createOAuth2ClientSecret for app ${appId} answered without an id`);
  try {
    if (!created.client_secret || created.client_secret.includes('......'))
      throw new Error(`createOAuth2ClientSecret for app ${appId} answered without the secret in full`);
    await deliver({
      OKTA_CLIENT_ID: appId,
      OKTA_CLIENT_SECRET_ID: created.id,
      OKTA_CLIENT_SECRET: created.client_secret,
    });
  } catch (error) {
    // A secret nobody received must not stay valid.
    await retire(ctx, t, created.id, 'ACTIVE');
    throw error;
  }
  return created.id;
}

export const clientSecretRotate: RemediationAction = {
  id: 'okta.client-secret.rotate',
  title:
    "Rotate an OAuth app's client secret (new secret delivered once, old one deactivated and deleted after a grace period)",
  platform: 'okta',
  nativeTypes: APP_TYPES,
  permission: 'okta.apps.manage (OAuth scope) or an admin with app administration (SSWS token); verify: okta.apps.read',
  inverse: {
    none: 'the old secret is deleted after the grace period and cannot be restored; until then rollback keeps it and deletes the new one',
  },
  // The old secret works through the grace: rotating a secret in use is the point, so recent use does not block it.
  disruptive: false,
  targets: singleActiveSecret,
  describe: (t) => {
    const base = SECRETS.replace('{appId}', t.params.appId);
    return {
      calls: [
        { method: 'POST', path: base, body: {}, phase: 1 },
        { method: 'POST', path: `${base}/${t.params.keyId}/lifecycle/deactivate`, phase: 2 },
        { method: 'DELETE', path: `${base}/${t.params.keyId}`, phase: 2 },
      ],
      changes: [
        { field: 'client secret (new)', before: null, after: 'ACTIVE; secret written once to the delivery file' },
        {
          field: `client secret ${t.params.keyId}`,
          before: 'ACTIVE',
          after: 'INACTIVE, then deleted after the grace period',
        },
      ],
    };
  },
  apply: async (ctx, t) => {
    const secrets = await listSecrets(ctx, t);
    await retire(ctx, t, t.params.keyId, statusOf(secrets, t.params.keyId));
  },
  verify: (ctx, t) => check(ctx, t, 'absent', 'ACTIVE'),
  rotation: {
    start: createAndDeliver,
    verifyStarted: (ctx, t) => check(ctx, t, 'ACTIVE', 'ACTIVE'),
    undo: async (ctx, t) => {
      const { appId, keyId, newKeyId } = t.params;
      const secrets = await listSecrets(ctx, t);
      if (statusOf(secrets, keyId) === 'INACTIVE')
        await api(ctx, t).activateOAuth2ClientSecret({ appId, secretId: keyId });
      await retire(ctx, t, newKeyId, statusOf(secrets, newKeyId));
      return check(ctx, t, 'ACTIVE', 'absent');
    },
  },
};
