import { ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import type { Identity } from '../../../model/index.js';
import type { ActionContext, ActionTarget, RemediationAction, VerifyResult } from '../../../remediation/action.js';
import { createIamClient } from '../connector/client.js';
import type { AwsOptions } from '../connector/options.js';

/**
 * What the two access-key actions share: the IAM client (the connector's, same config, retries and timeouts), their
 * targets (each key of an IAM user in the other status) and UpdateAccessKey.
 */

const NO_METRICS = { apiCall() {}, page() {}, retry() {} };

export const iamClient = (ctx: ActionContext) => createIamClient(ctx.options as AwsOptions, NO_METRICS);

export type KeyStatus = 'Active' | 'Inactive';

/** Each access key of an IAM user whose status is `from` (the opposite of what the action sets). */
export function keysWithStatus(identity: Identity, from: KeyStatus): ActionTarget[] {
  if (identity.nativeType !== 'user') return [];
  return identity.credentials
    .filter((c) => c.type === 'access_key' && c.name && c.attributes.status === from)
    .map((c) => ({
      platform: identity.platform,
      tenant: identity.tenant,
      identityId: identity.id,
      credentialId: c.id,
      label: `${identity.name} key ${c.name}`,
      params: { userName: identity.name, accessKeyId: c.name as string },
    }));
}

export function describeUpdate(target: ActionTarget, status: KeyStatus) {
  const { userName, accessKeyId } = target.params;
  return {
    calls: [
      {
        method: 'POST',
        path: '/ (iam:UpdateAccessKey)',
        body: { Action: 'UpdateAccessKey', UserName: userName, AccessKeyId: accessKeyId, Status: status },
      },
    ],
    changes: [{ field: `access key ${accessKeyId} Status`, before: other(status), after: status }],
  };
}

const other = (status: KeyStatus): KeyStatus => (status === 'Active' ? 'Inactive' : 'Active');

export async function updateKey(ctx: ActionContext, target: ActionTarget, status: KeyStatus): Promise<void> {
  const { userName, accessKeyId } = target.params;
  await iamClient(ctx).send(
    new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
    { abortSignal: ctx.signal },
  );
}

/** ListAccessKeys of the user (IAM allows two keys per user: one page). */
export async function verifyKey(ctx: ActionContext, target: ActionTarget, status: KeyStatus): Promise<VerifyResult> {
  const { userName, accessKeyId } = target.params;
  const out = await iamClient(ctx).send(new ListAccessKeysCommand({ UserName: userName }), {
    abortSignal: ctx.signal,
  });
  const key = out.AccessKeyMetadata?.find((k) => k.AccessKeyId === accessKeyId);
  if (!key) return { ok: false, observed: `ListAccessKeys for ${userName} does not list ${accessKeyId}` };
  return { ok: key.Status === status, observed: `Status ${key.Status ?? 'missing'}` };
}

/** An access-key action setting `status`. */
export function accessKeyAction(spec: {
  id: string;
  title: string;
  status: KeyStatus;
  inverse: string;
}): RemediationAction {
  return {
    id: spec.id,
    title: spec.title,
    platform: 'aws',
    nativeTypes: ['user'],
    permission: 'iam:UpdateAccessKey (apply), iam:ListAccessKeys (verify)',
    inverse: spec.inverse,
    disruptive: spec.status === 'Inactive',
    targets: (identity) => keysWithStatus(identity, other(spec.status)),
    describe: (target) => describeUpdate(target, spec.status),
    apply: (ctx, target) => updateKey(ctx, target, spec.status),
    verify: (ctx, target) => verifyKey(ctx, target, spec.status),
  };
}
