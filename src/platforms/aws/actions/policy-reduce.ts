import type { Identity } from '../../../model/index.js';
import type { ActionContext, ActionTarget, RemediationAction, VerifyResult } from '../../../remediation/action.js';
import { grantCovers, grantsOf, statementsOf } from '../connector/policy.js';
import { directPolicies, notNarrowable, type Reduction, reduce, reducedPolicyName } from './least-privilege.js';
import { attach, attachedArns, createGenerated, defaultDocument, detach, GENERATED_PATH } from './policy-attachment.js';

/**
 * Replaces a broad managed policy attached to an IAM user or role with a generated customer managed policy that
 * allows only what IAM last accessed shows it used (least-privilege.ts): CreatePolicy, Attach…Policy of the new one,
 * Detach…Policy of the broad one. Inverse: aws.policy.restore (re-attach, detach and delete the generated one).
 */

export const PERMISSION =
  'iam:CreatePolicy, iam:AttachRolePolicy / iam:AttachUserPolicy, iam:DetachRolePolicy / iam:DetachUserPolicy, iam:GetPolicy, iam:GetPolicyVersion, iam:ListAttachedRolePolicies / iam:ListAttachedUserPolicies (rollback: iam:DeletePolicy); the scan: iam:GenerateServiceLastAccessedDetails, iam:GetServiceLastAccessedDetails';

const PRINCIPAL_TYPES = ['user', 'role'];

function reductions(identity: Identity): Array<Reduction | { refused: string }> {
  if (!PRINCIPAL_TYPES.includes(identity.nativeType)) return [];
  return [...directPolicies(identity)].map(([arn, policy]) => reduce(identity, arn, policy));
}

function targetOf(identity: Identity, r: Reduction): ActionTarget {
  const account = identity.tenant;
  const newPolicyName = reducedPolicyName(identity.name, r.document);
  return {
    platform: identity.platform,
    tenant: identity.tenant,
    identityId: identity.id,
    credentialId: null,
    label: `${identity.nativeType} ${identity.name}: ${r.policyName} → ${newPolicyName}`,
    params: {
      principalType: identity.nativeType,
      principalName: identity.name,
      policyArn: r.policyArn,
      policyName: r.policyName,
      newPolicyName,
      newPolicyArn: `arn:aws:iam::${account}:policy${GENERATED_PATH}${newPolicyName}`,
      document: r.document,
      services: r.services.map((l) => `${l.namespace} ${l.level}-level (${l.why})`).join('; '),
      dropped: r.dropped.join(' '),
    },
  };
}

/** Apply-time guard: the broad policy still allows every generated action and has nothing the plan could not see. */
async function checkStillSubset(ctx: ActionContext, t: ActionTarget): Promise<void> {
  const doc = await defaultDocument(ctx, t.params.policyArn);
  if (!doc) throw new Error(`${t.params.policyArn} no longer exists`);
  if (statementsOf(doc).some((s) => s.Effect === 'Deny'))
    throw new Error(
      `${t.params.policyName} has Deny statements: the generated policy would not carry them; not reduced`,
    );
  const grants = grantsOf(doc);
  const blocked = notNarrowable(grants);
  if (blocked) throw new Error(`${t.params.policyName} changed since the plan: ${blocked}`);
  const generated = (JSON.parse(t.params.document) as { Statement: Array<{ Action: string[] }> }).Statement[0].Action;
  const beyond = generated.filter((a) => !grants.some((g) => grantCovers(g, a)));
  if (beyond.length)
    throw new Error(`${t.params.policyName} changed since the plan: it no longer allows ${beyond.join(', ')}`);
}

async function verifyReduced(ctx: ActionContext, t: ActionTarget): Promise<VerifyResult> {
  const arns = await attachedArns(ctx, t);
  const broad = arns.includes(t.params.policyArn);
  const generated = arns.includes(t.params.newPolicyArn);
  return {
    ok: !broad && generated,
    observed: `${t.params.policyName} ${broad ? 'attached' : 'detached'}, ${t.params.newPolicyName} ${generated ? 'attached' : 'not attached'}`,
  };
}

export const policyReduceToUsed: RemediationAction = {
  id: 'aws.policy.reduce-to-used',
  title: 'Replace a broad managed policy with a generated one allowing only what IAM last accessed shows used',
  platform: 'aws',
  nativeTypes: PRINCIPAL_TYPES,
  permission: PERMISSION,
  inverse: 'aws.policy.restore',
  // Not blocked by recent use: what was used stays allowed, and what goes was unused for IAM's whole tracking period
  // (the recent-use check would block exactly the principals worth reducing). The diff names what goes.
  disruptive: false,
  onlyWhenNamed: true,
  targets: (identity) =>
    reductions(identity)
      .filter((r): r is Reduction => !('refused' in r))
      .map((r) => targetOf(identity, r)),
  whyNot: (identity) => {
    const refused = reductions(identity).filter((r): r is { refused: string } => 'refused' in r);
    return refused.length ? refused.map((r) => r.refused).join('; ') : null;
  },
  describe: (t) => {
    const principal = t.params.principalType === 'role' ? 'Role' : 'User';
    const nameKey = `${principal}Name`;
    const call = (Action: string, body: Record<string, string>) => ({
      method: 'POST',
      path: `/ (iam:${Action})`,
      body: { Action, ...body },
    });
    return {
      calls: [
        call('CreatePolicy', {
          PolicyName: t.params.newPolicyName,
          Path: GENERATED_PATH,
          PolicyDocument: t.params.document,
        }),
        call(`Attach${principal}Policy`, { [nameKey]: t.params.principalName, PolicyArn: t.params.newPolicyArn }),
        call(`Detach${principal}Policy`, { [nameKey]: t.params.principalName, PolicyArn: t.params.policyArn }),
      ],
      changes: [
        { field: `attached ${t.params.policyName}`, before: true, after: false },
        { field: `attached ${t.params.newPolicyName}`, before: false, after: true },
        { field: `${t.params.newPolicyName} document`, before: null, after: t.params.document },
        { field: 'generated from', before: null, after: t.params.services },
        {
          field: 'services no longer allowed (unused in the tracking period)',
          before: t.params.dropped || '(none)',
          after: null,
        },
      ],
    };
  },
  apply: async (ctx, t) => {
    await checkStillSubset(ctx, t);
    if (!(await defaultDocument(ctx, t.params.newPolicyArn))) await createGenerated(ctx, t);
    const arns = await attachedArns(ctx, t);
    if (!arns.includes(t.params.newPolicyArn)) await attach(ctx, t, t.params.newPolicyArn);
    if (arns.includes(t.params.policyArn)) await detach(ctx, t, t.params.policyArn);
  },
  verify: verifyReduced,
};
