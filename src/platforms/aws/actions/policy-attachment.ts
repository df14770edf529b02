import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import type { ActionContext, ActionTarget } from '../../../remediation/action.js';
import { decodePolicyDocument, type PolicyDocumentJson } from '../connector/policy.js';
import { iamClient } from './access-key.js';

/**
 * The IAM calls of a policy reduction and its inverse, for the target's principal (`principalType` role or user):
 * attached managed policies, attach / detach, and the generated policy's create / read / delete.
 */

export const GENERATED_PATH = '/steward/';

const isRole = (t: ActionTarget) => t.params.principalType === 'role';

const opts = (ctx: ActionContext) => ({ abortSignal: ctx.signal });

/** The ARNs of the managed policies attached to the principal itself (every page). */
export async function attachedArns(ctx: ActionContext, t: ActionTarget): Promise<string[]> {
  const out: string[] = [];
  let marker: string | undefined;
  do {
    const iam = iamClient(ctx);
    const page = isRole(t)
      ? await iam.send(
          new ListAttachedRolePoliciesCommand({ Marker: marker, RoleName: t.params.principalName }),
          opts(ctx),
        )
      : await iam.send(
          new ListAttachedUserPoliciesCommand({ Marker: marker, UserName: t.params.principalName }),
          opts(ctx),
        );
    for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) out.push(p.PolicyArn);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}

export async function attach(ctx: ActionContext, t: ActionTarget, policyArn: string): Promise<void> {
  const name = t.params.principalName;
  const iam = iamClient(ctx);
  if (isRole(t)) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }), opts(ctx));
  else await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }), opts(ctx));
}

export async function detach(ctx: ActionContext, t: ActionTarget, policyArn: string): Promise<void> {
  const name = t.params.principalName;
  const iam = iamClient(ctx);
  if (isRole(t)) await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }), opts(ctx));
  else await iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }), opts(ctx));
}

const isNoSuchEntity = (error: unknown) => (error as { name?: string }).name === 'NoSuchEntityException';

/** The default version's document of a managed policy; null when the policy does not exist. */
export async function defaultDocument(ctx: ActionContext, policyArn: string): Promise<PolicyDocumentJson | null> {
  try {
    const iam = iamClient(ctx);
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }), opts(ctx));
    const version = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: Policy?.DefaultVersionId }),
      opts(ctx),
    );
    const text = version.PolicyVersion?.Document;
    if (!text) throw new Error(`GetPolicyVersion of ${policyArn} answered without a Document`);
    return decodePolicyDocument(text);
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
}

export async function createGenerated(ctx: ActionContext, t: ActionTarget): Promise<void> {
  const command = new CreatePolicyCommand({
    PolicyName: t.params.newPolicyName,
    Path: GENERATED_PATH,
    PolicyDocument: t.params.document,
    Description: `Steward: what ${t.params.principalName} used of ${t.params.policyName} (IAM last accessed)`,
  });
  await iamClient(ctx).send(command, opts(ctx));
}

export async function deleteGenerated(ctx: ActionContext, t: ActionTarget): Promise<void> {
  await iamClient(ctx).send(new DeletePolicyCommand({ PolicyArn: t.params.newPolicyArn }), opts(ctx));
}
