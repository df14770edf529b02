import {
  type AccessKeyMetadata,
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { Identity } from '../../../model/index.js';
import type { ActionContext, ActionTarget, RemediationAction } from '../../../remediation/action.js';
import { iamClient } from './access-key.js';

/**
 * Rotates an IAM user's access key in two phases. Phase 1: CreateAccessKey (IAM returns the SecretAccessKey in that
 * answer only), delivered once to the plan's file. Phase 2, after the grace period: UpdateAccessKey Inactive, then
 * DeleteAccessKey of the old key. IAM allows two keys per user, so only a user's single active key is a target.
 */

async function listKeys(ctx: ActionContext, userName: string): Promise<AccessKeyMetadata[]> {
  const out = await iamClient(ctx).send(new ListAccessKeysCommand({ UserName: userName }), {
    abortSignal: ctx.signal,
  });
  return out.AccessKeyMetadata ?? [];
}

const statusOf = (keys: AccessKeyMetadata[], id: string | undefined) =>
  keys.find((k) => k.AccessKeyId === id)?.Status ?? 'absent';

const describeKeys = (keys: AccessKeyMetadata[], target: ActionTarget) =>
  `old key ${statusOf(keys, target.params.accessKeyId)}, new key ${statusOf(keys, target.params.newKeyId)}`;

async function setStatus(ctx: ActionContext, userName: string, accessKeyId: string, status: 'Active' | 'Inactive') {
  const command = new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status });
  await iamClient(ctx).send(command, { abortSignal: ctx.signal });
}

async function deleteKey(ctx: ActionContext, userName: string, accessKeyId: string) {
  const command = new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId });
  await iamClient(ctx).send(command, { abortSignal: ctx.signal });
}

/** The active key of a user that has only that one (the second slot takes the replacement). */
function singleActiveKey(identity: Identity): ActionTarget[] {
  if (identity.nativeType !== 'user') return [];
  const keys = identity.credentials.filter((c) => c.type === 'access_key' && c.name);
  if (keys.length !== 1 || keys[0].attributes.status !== 'Active') return [];
  return [
    {
      platform: identity.platform,
      tenant: identity.tenant,
      identityId: identity.id,
      credentialId: keys[0].id,
      label: `${identity.name} key ${keys[0].name}`,
      params: { userName: identity.name, accessKeyId: keys[0].name as string },
    },
  ];
}

export const accessKeyRotate: RemediationAction = {
  id: 'aws.access-key.rotate',
  title: 'Rotate an IAM user access key (new key delivered once, old one deactivated and deleted after a grace period)',
  platform: 'aws',
  nativeTypes: ['user'],
  permission: 'iam:CreateAccessKey, iam:UpdateAccessKey, iam:DeleteAccessKey (apply), iam:ListAccessKeys (verify)',
  inverse: {
    none: 'the old key is deleted after the grace period and cannot be restored; until then rollback re-enables it and deletes the new one',
  },
  // The old key keeps working until the grace ends and its users get the new one: rotating a key in use is the
  // point, so the recent-use check does not block it.
  disruptive: false,
  targets: singleActiveKey,
  describe: (target) => {
    const { userName, accessKeyId } = target.params;
    const call = (body: Record<string, string>, phase: 1 | 2) => ({
      method: 'POST',
      path: `/ (iam:${body.Action})`,
      body,
      phase,
    });
    return {
      calls: [
        call({ Action: 'CreateAccessKey', UserName: userName }, 1),
        call({ Action: 'UpdateAccessKey', UserName: userName, AccessKeyId: accessKeyId, Status: 'Inactive' }, 2),
        call({ Action: 'DeleteAccessKey', UserName: userName, AccessKeyId: accessKeyId }, 2),
      ],
      changes: [
        { field: 'access key (new)', before: null, after: 'Active; secret written once to the delivery file' },
        {
          field: `access key ${accessKeyId}`,
          before: 'Active',
          after: 'Inactive, then deleted after the grace period',
        },
      ],
    };
  },
  apply: async (ctx, target) => {
    const { userName, accessKeyId } = target.params;
    const keys = await listKeys(ctx, userName);
    if (statusOf(keys, accessKeyId) === 'Active') await setStatus(ctx, userName, accessKeyId, 'Inactive');
    await deleteKey(ctx, userName, accessKeyId);
  },
  verify: async (ctx, target) => {
    const keys = await listKeys(ctx, target.params.userName);
    return {
      ok: statusOf(keys, target.params.accessKeyId) === 'absent' && statusOf(keys, target.params.newKeyId) === 'Active',
      observed: describeKeys(keys, target),
    };
  },
  rotation: {
    start: async (ctx, target, deliver) => {
      const { userName } = target.params;
      const out = await iamClient(ctx).send(new CreateAccessKeyCommand({ UserName: userName }), {
        abortSignal: ctx.signal,
      });
      const id = out.AccessKey?.AccessKeyId;
      if (!id) throw new Error(`CreateAccessKey for ${userName} answered without an AccessKeyId`);
      try {
        const secret = out.AccessKey?.SecretAccessKey;
        if (!secret) throw new Error(`CreateAccessKey for ${userName} answered without a SecretAccessKey`);
        await deliver({ AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret });
      } catch (error) {
        // A key nobody received must not stay valid.
        await deleteKey(ctx, userName, id);
        throw error;
      }
      return id;
    },
    verifyStarted: async (ctx, target) => {
      const keys = await listKeys(ctx, target.params.userName);
      return {
        ok:
          statusOf(keys, target.params.accessKeyId) === 'Active' && statusOf(keys, target.params.newKeyId) === 'Active',
        observed: describeKeys(keys, target),
      };
    },
    undo: async (ctx, target) => {
      const { userName, accessKeyId, newKeyId } = target.params;
      const before = await listKeys(ctx, userName);
      if (statusOf(before, accessKeyId) === 'Inactive') await setStatus(ctx, userName, accessKeyId, 'Active');
      if (statusOf(before, newKeyId) !== 'absent') await deleteKey(ctx, userName, newKeyId);
      const after = await listKeys(ctx, userName);
      return {
        ok: statusOf(after, accessKeyId) === 'Active' && statusOf(after, newKeyId) === 'absent',
        observed: describeKeys(after, target),
      };
    },
  },
};
