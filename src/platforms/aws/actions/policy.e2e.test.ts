import {
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachRolePolicyCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { applyPlan, buildPlan, rollbackPlan, verifyPlan } from '../../../remediation/index.js';
import { listIdentityViews, verifyAuditChain } from '../../../store/index.js';
import { actionDrill, inventorySnapshot } from '../../../testing/remediation.js';
import { REMEDIATION_ACTIONS } from '../../registry.js';
import { iamClient } from './access-key.js';
import { policyReduceToUsed } from './policy-reduce.js';

/**
 * aws.policy.reduce-to-used on the emulated demo estate, scanned with IAM last accessed at ACTION_LEVEL: the planted
 * administrator role `ec2-admin-instance` used EC2 (DescribeInstances, StopInstances), S3 (ListAllMyBuckets) and
 * Systems Manager of everything AdministratorAccess allows (the estate's catalogue, service-access.ts).
 */

const drill = actionDrill('aws');
const ROLE = 'ec2-admin-instance';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

let scannedWithFacts = false;
/** Rescans with the option serviceLastAccessed (the drill's first scan ran without it). */
async function withLastAccessed() {
  if (scannedWithFacts) return;
  for (const t of drill.live.emulated.tenants)
    if (t.platform === 'aws') Object.assign(t.options, { serviceLastAccessed: true });
  await drill.live.scan(drill.store);
  scannedWithFacts = true;
}

/** The inventory with each report's completion time left out: IAM stamps every last-accessed job anew. */
async function inventory() {
  const snapshot = await inventorySnapshot(drill.store);
  const identities = snapshot.identities.map((i) => ({
    ...i,
    attributes: String(i.attributes).replace(/"reportedAt":"[^"]*"/, '"reportedAt":"(job time)"'),
  }));
  return { ...snapshot, identities };
}

const request = (identityIds: string[]) => ({
  selection: { platform: 'aws' as const, identityIds },
  actions: [REMEDIATION_ACTIONS.get('aws.policy.reduce-to-used')!],
  planner: 'alice',
  now: new Date(drill.live.now),
  dependencyDays: 30,
  force: null,
});

async function role(name: string, nativeType = 'role') {
  const found = (await listIdentityViews(drill.store, { platform: 'aws' })).filter(
    (i) => i.nativeType === nativeType && i.name === name,
  );
  expect(found.length).toBeGreaterThan(0);
  return found[0];
}

describe('aws.policy.reduce-to-used', () => {
  it('refuses (exit 5) without an IAM last-accessed report to generate from', async () => {
    const admin = await role(ROLE);
    await expect(buildPlan(drill.store, request([admin.id]))).rejects.toMatchObject({
      exitCode: 5,
      message: expect.stringContaining('no current IAM last-accessed report'),
    });
  });

  it('refuses (exit 5) a principal that used nothing its policy allows: that is removal, not reduction', async () => {
    await withLastAccessed();
    const principals = await listIdentityViews(drill.store, { platform: 'aws' });
    const unused = principals.find((i) => /removing the policy/.test(policyReduceToUsed.whyNot?.(i) ?? ''));
    expect(unused).toBeDefined();
    await expect(buildPlan(drill.store, request([unused!.id]))).rejects.toMatchObject({
      exitCode: 5,
      message: expect.stringContaining('not reducing it'),
    });
  }, 120_000);

  it('plans the generated policy, applies, verifies, re-scans, rolls back to the starting inventory', async () => {
    await withLastAccessed();
    const start = await inventory();
    const admin = await role(ROLE);
    const grants = (r: typeof admin) => r.permissions.map((p) => `${p.source} ${p.nativeName} ${p.resource}`).sort();
    const plan = await drill.approvedPlan('aws.policy.reduce-to-used', [admin.id]);
    const item = plan.content.items.find((i) => i.target.params.policyArn === ADMIN)!;
    expect(item).toBeDefined();
    // The dry-run diff shows the document: action-level where IAM reported tracked actions, ssm:* where it cannot.
    const document = JSON.parse(item.target.params.document);
    expect(document.Statement).toEqual([
      {
        Sid: 'StewardUsedWithinTrackingPeriod',
        Effect: 'Allow',
        Action: ['ec2:DescribeInstances', 'ec2:StopInstances', 's3:ListAllMyBuckets', 'ssm:*'],
        Resource: '*',
      },
    ]);
    expect(item.changes.map((c) => c.after)).toContain(item.target.params.document);
    expect(item.target.params.services).toMatch(/ec2 action-level.*s3 action-level.*ssm service-level/);
    expect(item.target.params.dropped.split(' ')).toEqual(expect.arrayContaining(['iam', 'lambda', 'kms']));
    expect(item.calls.map((c) => c.body?.Action)).toEqual(['CreatePolicy', 'AttachRolePolicy', 'DetachRolePolicy']);
    expect(item.inverse).toBe('aws.policy.restore');

    expect((await applyPlan(drill.step(plan.id))).every((o) => o.state === 'done')).toBe(true);
    expect((await verifyPlan(drill.step(plan.id))).every((o) => o.state === 'verified')).toBe(true);
    await drill.live.scan(drill.store);
    const reduced = await role(ROLE);
    const names = reduced.permissions.map((p) => p.nativeName);
    expect(names).toEqual(expect.arrayContaining(['ec2:DescribeInstances', 's3:ListAllMyBuckets', 'ssm:*']));
    expect(names).not.toContain('*');
    expect(reduced.permissions.some((p) => p.source === `managed:${item.target.params.newPolicyName}`)).toBe(true);

    expect((await rollbackPlan(drill.step(plan.id))).every((o) => o.state === 'rolled-back')).toBe(true);
    await drill.live.scan(drill.store);
    expect(await inventory()).toEqual(start);
    // The permissions too (the snapshot holds identities and credentials): the same grants from the same policies.
    expect(grants(await role(ROLE))).toEqual(grants(admin));
    expect((await verifyAuditChain(drill.store.db)).broken).toBeNull();
  }, 120_000);

  it("narrows a user's AdministratorAccess to the tracked actions it used (Attach/DetachUserPolicy), and back", async () => {
    await withLastAccessed();
    const start = await inventory();
    // The estate's default use: every allowed service used 2 days ago, of a tracked service its first catalogue action.
    const user = await role('svc-legacy-deploy', 'user');
    const plan = await drill.approvedPlan('aws.policy.reduce-to-used', [user.id]);
    const [item] = plan.content.items;
    expect(item.calls.map((c) => c.body?.Action)).toEqual(['CreatePolicy', 'AttachUserPolicy', 'DetachUserPolicy']);
    const actions = JSON.parse(item.target.params.document).Statement[0].Action as string[];
    expect(actions).toEqual(
      expect.arrayContaining(['ec2:DescribeInstances', 'iam:GetRole', 'lambda:GetFunction', 'kms:*']),
    );
    expect(actions).not.toContain('iam:*');
    expect(item.target.params.dropped).toBe('');
    expect((await applyPlan(drill.step(plan.id)))[0].state).toBe('done');
    expect((await verifyPlan(drill.step(plan.id)))[0].outcome).toBe(
      `AdministratorAccess detached, ${item.target.params.newPolicyName} attached`,
    );
    expect((await rollbackPlan(drill.step(plan.id)))[0].state).toBe('rolled-back');
    await drill.live.scan(drill.store);
    expect(await inventory()).toEqual(start);
  }, 120_000);

  it('the emulator answers the IAM calls as AWS documents them (ACTION_LEVEL, duplicates, conflicts)', async () => {
    const tenant = drill.live.emulated.tenants.find((t) => t.platform === 'aws')!.tenant;
    const iam = iamClient({
      options: { ...(drill.live.runner.context('aws', tenant).options as object), maxAttempts: 1 },
    });
    const admin = await role(ROLE);
    const { JobId } = await iam.send(
      new GenerateServiceLastAccessedDetailsCommand({ Arn: String(admin.attributes.arn), Granularity: 'ACTION_LEVEL' }),
    );
    const job = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    expect(job.JobType).toBe('ACTION_LEVEL');
    const s3 = job.ServicesLastAccessed?.find((s) => s.ServiceNamespace === 's3');
    const used = s3?.TrackedActionsLastAccessed?.filter((a) => a.LastAccessedTime).map((a) => a.ActionName);
    expect(used).toEqual(['ListAllMyBuckets']);
    expect(
      job.ServicesLastAccessed?.find((s) => s.ServiceNamespace === 'ssm')?.TrackedActionsLastAccessed,
    ).toBeUndefined();

    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }],
    });
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'steward-probe', Path: '/steward/', PolicyDocument: document }),
    );
    expect(created.Policy).toMatchObject({ PolicyName: 'steward-probe', DefaultVersionId: 'v1', AttachmentCount: 0 });
    await expect(
      iam.send(new CreatePolicyCommand({ PolicyName: 'steward-probe', PolicyDocument: document })),
    ).rejects.toMatchObject({ name: 'EntityAlreadyExistsException', $metadata: { httpStatusCode: 409 } });
    await expect(
      iam.send(new CreatePolicyCommand({ PolicyName: 'steward-bad', PolicyDocument: '{not json' })),
    ).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException', $metadata: { httpStatusCode: 400 } });
    await expect(
      iam.send(new DetachRolePolicyCommand({ RoleName: ROLE, PolicyArn: created.Policy!.Arn })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });
    await expect(iam.send(new DeletePolicyCommand({ PolicyArn: ADMIN }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
    });
    await iam.send(new DeletePolicyCommand({ PolicyArn: created.Policy!.Arn }));
    await expect(iam.send(new DeletePolicyCommand({ PolicyArn: created.Policy!.Arn }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
  }, 60_000);
});
