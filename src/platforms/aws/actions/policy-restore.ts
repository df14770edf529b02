import type { RemediationAction } from '../../../remediation/action.js';
import { attach, attachedArns, defaultDocument, deleteGenerated, detach, GENERATED_PATH } from './policy-attachment.js';
import { PERMISSION } from './policy-reduce.js';

/**
 * The inverse of aws.policy.reduce-to-used, run by rollback with the reduction's target: re-attaches the broad policy,
 * detaches the generated one and deletes it (DeletePolicy refuses an attached policy, so detach comes first). It has no
 * targets of its own: it undoes a reduction Steward made, never plans one.
 */
export const policyRestore: RemediationAction = {
  id: 'aws.policy.restore',
  title: 'Re-attach a broad managed policy and delete the generated replacement',
  platform: 'aws',
  nativeTypes: ['user', 'role'],
  permission: PERMISSION,
  inverse: 'aws.policy.reduce-to-used',
  disruptive: false,
  onlyWhenNamed: true,
  targets: () => [],
  describe: (t) => {
    const principal = t.params.principalType === 'role' ? 'Role' : 'User';
    const who = { [`${principal}Name`]: t.params.principalName };
    return {
      calls: [
        { method: 'POST', path: `/ (iam:Attach${principal}Policy)`, body: { ...who, PolicyArn: t.params.policyArn } },
        {
          method: 'POST',
          path: `/ (iam:Detach${principal}Policy)`,
          body: { ...who, PolicyArn: t.params.newPolicyArn },
        },
        { method: 'POST', path: '/ (iam:DeletePolicy)', body: { PolicyArn: t.params.newPolicyArn } },
      ],
      changes: [
        { field: `attached ${t.params.policyName}`, before: false, after: true },
        { field: `${GENERATED_PATH}${t.params.newPolicyName}`, before: 'attached', after: 'deleted' },
      ],
    };
  },
  apply: async (ctx, t) => {
    const arns = await attachedArns(ctx, t);
    if (!arns.includes(t.params.policyArn)) await attach(ctx, t, t.params.policyArn);
    if (arns.includes(t.params.newPolicyArn)) await detach(ctx, t, t.params.newPolicyArn);
    if (await defaultDocument(ctx, t.params.newPolicyArn)) await deleteGenerated(ctx, t);
  },
  verify: async (ctx, t) => {
    const arns = await attachedArns(ctx, t);
    const broad = arns.includes(t.params.policyArn);
    const exists = (await defaultDocument(ctx, t.params.newPolicyArn)) !== null;
    return {
      ok: broad && !exists,
      observed: `${t.params.policyName} ${broad ? 'attached' : 'detached'}, ${t.params.newPolicyName} ${exists ? 'exists' : 'deleted'}`,
    };
  },
};
