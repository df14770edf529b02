import type { iam_v1 } from '@googleapis/iam';
import type { Credential, Identity } from '../../../model/index.js';
import type { ActionContext, ActionTarget, RemediationAction, VerifyResult } from '../../../remediation/action.js';
import { googleClients, signalOf } from './google-clients.js';

/**
 * Rotates a user-managed service-account key in two phases (IAM projects.serviceAccounts.keys). Phase 1: keys.create
 * (the private key file is in that answer only, `privateKeyData`), delivered once to the plan's file. Phase 2, after
 * the grace: keys.disable, then keys.delete of the old key. Until phase 2 rollback re-enables the old key (if a
 * failed phase 2 disabled it) and deletes the new one.
 */

const ACCOUNT = 'projects/{projectsId}/serviceAccounts/{serviceAccountsId}';
export const ROTATE_CALLS = {
  list: `GET /v1/${ACCOUNT}/keys`,
  create: `POST /v1/${ACCOUNT}/keys`,
  disable: `POST /v1/${ACCOUNT}/keys/{keysId}:disable`,
  enable: `POST /v1/${ACCOUNT}/keys/{keysId}:enable`,
  delete: `DELETE /v1/${ACCOUNT}/keys/{keysId}`,
} as const;

/** IAM allows 10 user-managed keys per account: the replacement needs a free slot. */
const MAX_KEYS = 10;

/** An enabled, Google-made key of an account with a free key slot (an uploaded key's owner holds its private half). */
const rotatable = (key: Credential) =>
  key.type === 'private_key' && key.enabled && key.name && key.attributes.keyOrigin === 'GOOGLE_PROVIDED';

function keyTargets(identity: Identity): ActionTarget[] {
  const projectId = identity.attributes.projectId;
  if (identity.nativeType !== 'service_account' || typeof projectId !== 'string') return [];
  if (identity.credentials.filter((k) => k.type === 'private_key').length >= MAX_KEYS) return [];
  const account = `projects/${projectId}/serviceAccounts/${identity.name}`;
  return identity.credentials.filter(rotatable).map((key) => ({
    platform: identity.platform,
    tenant: identity.tenant,
    identityId: identity.id,
    credentialId: key.id,
    label: `${identity.name} key ${key.name}`,
    params: { account, keyId: key.name as string },
  }));
}

type Key = iam_v1.Schema$ServiceAccountKey;

async function listKeys(ctx: ActionContext, t: ActionTarget): Promise<Key[]> {
  const c = googleClients(ctx, t.tenant);
  const keys = (await c.iam()).projects.serviceAccounts.keys;
  const out = await c.calls.call(ROTATE_CALLS.list, signalOf(ctx), (o) =>
    keys.list({ name: t.params.account, keyTypes: ['USER_MANAGED'] }, o),
  );
  return out.keys ?? [];
}

async function keyCall(ctx: ActionContext, t: ActionTarget, verb: 'disable' | 'enable' | 'delete', keyId: string) {
  const c = googleClients(ctx, t.tenant);
  const keys = (await c.iam()).projects.serviceAccounts.keys;
  const name = `${t.params.account}/keys/${keyId}`;
  await c.calls.call(ROTATE_CALLS[verb], signalOf(ctx), (o) =>
    verb === 'delete'
      ? keys.delete({ name }, o)
      : verb === 'disable'
        ? keys.disable({ name, requestBody: {} }, o)
        : keys.enable({ name, requestBody: {} }, o),
  );
}

const stateOf = (keys: Key[], keyId: string | undefined) => {
  const key = keyId ? keys.find((k) => k.name?.endsWith(`/keys/${keyId}`)) : undefined;
  return !key ? 'absent' : key.disabled ? 'disabled' : 'enabled';
};

const observed = (keys: Key[], t: ActionTarget) =>
  `old key ${stateOf(keys, t.params.keyId)}, new key ${stateOf(keys, t.params.newKeyId)}`;

async function check(ctx: ActionContext, t: ActionTarget, old: string, replacement: string): Promise<VerifyResult> {
  const keys = await listKeys(ctx, t);
  return {
    ok: stateOf(keys, t.params.keyId) === old && stateOf(keys, t.params.newKeyId) === replacement,
    observed: observed(keys, t),
  };
}

/** keys.create; the key file goes to `deliver` once, and a key nobody received is deleted again. */
async function createAndDeliver(
  ctx: ActionContext,
  t: ActionTarget,
  deliver: (f: Record<string, string>) => Promise<void>,
) {
  const c = googleClients(ctx, t.tenant);
  const keys = (await c.iam()).projects.serviceAccounts.keys;
  const created = await c.calls.call(ROTATE_CALLS.create, signalOf(ctx), (o) =>
    keys.create({ name: t.params.account, requestBody: { privateKeyType: 'TYPE_GOOGLE_CREDENTIALS_FILE' } }, o),
  );
  const newKeyId = created.name?.slice(created.name.lastIndexOf('/') + 1);
  if (!newKeyId) throw new Error(`keys.create for ${t.params.account} answered without a key name`);
  try {
    if (!created.privateKeyData) throw new Error(`keys.create for ${t.params.account} answered without privateKeyData`);
    // The key file, as one JSON line (its PEM's newlines stay escaped), so the delivered file keeps NAME=value lines.
    const file = JSON.stringify(JSON.parse(Buffer.from(created.privateKeyData, 'base64').toString('utf8')));
    await deliver({ GOOGLE_SERVICE_ACCOUNT_KEY_ID: newKeyId, GOOGLE_CREDENTIALS_JSON: file });
  } catch (error) {
    await keyCall(ctx, t, 'delete', newKeyId);
    throw error;
  }
  return newKeyId;
}

export const saKeyRotate: RemediationAction = {
  id: 'google.sa-key.rotate',
  title:
    'Rotate a service-account key (new key file delivered once, old key disabled and deleted after a grace period)',
  platform: 'google',
  nativeTypes: ['service_account'],
  permission:
    'iam.serviceAccountKeys.create, .disable, .enable (rollback), .delete, .list (roles/iam.serviceAccountKeyAdmin, Service Account Key Admin)',
  inverse: {
    none: 'the old key is deleted after the grace period and cannot be restored; until then rollback keeps it and deletes the new one',
  },
  // The old key works through the grace: rotating a key in use is the point, so recent use does not block it.
  disruptive: false,
  targets: keyTargets,
  describe: (t) => {
    const old = `/v1/${t.params.account}/keys/${t.params.keyId}`;
    return {
      calls: [
        {
          method: 'POST',
          path: `/v1/${t.params.account}/keys`,
          body: { privateKeyType: 'TYPE_GOOGLE_CREDENTIALS_FILE' },
          phase: 1,
        },
        { method: 'POST', path: `${old}:disable`, phase: 2 },
        { method: 'DELETE', path: old, phase: 2 },
      ],
      changes: [
        { field: 'key (new)', before: null, after: 'enabled; key file written once to the delivery file' },
        { field: `key ${t.params.keyId}`, before: 'enabled', after: 'disabled, then deleted after the grace period' },
      ],
    };
  },
  apply: async (ctx, t) => {
    const keys = await listKeys(ctx, t);
    if (stateOf(keys, t.params.keyId) === 'enabled') await keyCall(ctx, t, 'disable', t.params.keyId);
    if (stateOf(keys, t.params.keyId) !== 'absent') await keyCall(ctx, t, 'delete', t.params.keyId);
  },
  verify: (ctx, t) => check(ctx, t, 'absent', 'enabled'),
  rotation: {
    start: (ctx, t, deliver) => createAndDeliver(ctx, t, deliver),
    verifyStarted: (ctx, t) => check(ctx, t, 'enabled', 'enabled'),
    undo: async (ctx, t) => {
      const keys = await listKeys(ctx, t);
      if (stateOf(keys, t.params.keyId) === 'disabled') await keyCall(ctx, t, 'enable', t.params.keyId);
      if (stateOf(keys, t.params.newKeyId) !== 'absent') await keyCall(ctx, t, 'delete', t.params.newKeyId);
      return check(ctx, t, 'enabled', 'absent');
    },
  },
};
