import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { REMEDIATION_ACTIONS } from '../../registry.js';
import { buildPlan } from '../../../remediation/index.js';
import { actionDrill } from '../../../testing/remediation.js';
import { rotateAndUndo, rotateEndToEnd } from '../../../testing/rotation-drill.js';
import { listIdentityViews } from '../../../store/index.js';
import { iamClient } from './access-key.js';
import { accessKeyRotate } from './access-key-rotate.js';

/**
 * AWS access-key rotation on the emulated demo estate: CreateAccessKey (the secret delivered once) → grace →
 * UpdateAccessKey Inactive + DeleteAccessKey, and rollback before the grace ends.
 */

const drill = actionDrill('aws');

describe('aws.access-key.rotate', () => {
  it('refuses a rotation plan that names no delivery file', async () => {
    await expect(
      buildPlan(drill.store, {
        selection: { platform: 'aws' },
        actions: [REMEDIATION_ACTIONS.get('aws.access-key.rotate')!],
        planner: 'alice',
        now: new Date(drill.live.now),
        dependencyDays: 30,
        force: null,
      }),
    ).rejects.toThrow(/--deliver-to FILE/);
  });

  it('creates a key delivered once, deletes the old one only after the grace period', async () => {
    await rotateEndToEnd(drill, 'aws.access-key.rotate', 'AWS_SECRET_ACCESS_KEY');
  }, 120_000);

  it('rolls back before the grace ends: the new key deleted, the inventory as at the start', async () => {
    await rotateAndUndo(drill, 'aws.access-key.rotate');
  }, 120_000);

  it('the emulator answers CreateAccessKey and DeleteAccessKey as IAM documents them (quota of two keys)', async () => {
    const tenant = drill.live.emulated.tenants.find((t) => t.platform === 'aws')!.tenant;
    // One attempt: the SDK classes LimitExceededException as throttling and would retry it with backoff.
    const options = drill.live.runner.context('aws', tenant).options as object;
    const iam = iamClient({ options: { ...options, maxAttempts: 1 } });
    const keysOf = async (user: string) =>
      (await iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? [];
    // A user with one key (a rotation target): the second slot is free.
    const users = await listIdentityViews(drill.store, { platform: 'aws' });
    const user = users.flatMap((u) => accessKeyRotate.targets(u))[0].params.userName;
    const before = (await keysOf(user)).map((k) => k.AccessKeyId);
    const created = [];
    for (let n = before.length; n < 2; n++)
      created.push((await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!);
    expect(created.length).toBeGreaterThan(0);
    for (const key of created) {
      expect(key).toMatchObject({ UserName: user, Status: 'Active' });
      expect(key.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(key.SecretAccessKey?.length).toBe(40);
    }
    await expect(iam.send(new CreateAccessKeyCommand({ UserName: user }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      $metadata: { httpStatusCode: 409 },
    });
    for (const key of created)
      await iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: key.AccessKeyId }));
    await expect(
      iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: created[0].AccessKeyId })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });
    expect((await keysOf(user)).map((k) => k.AccessKeyId)).toEqual(before);
  });
});
