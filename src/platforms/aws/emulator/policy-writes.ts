import { randomBytes } from 'node:crypto';
import type { AwsManagedPolicy, PolicyDocument } from '../estate/types.js';
import { type AccountView, type ActionFn, IamError, need, policyOf, roleOf, userOf } from './account.js';
import { policyXml } from './policies.js';

/**
 * The managed-policy writes aws.policy.reduce-to-used and its inverse call, as the IAM API reference documents them:
 * CreatePolicy (a customer managed policy, version v1 default; 409 EntityAlreadyExists for a taken name, 400
 * MalformedPolicyDocument), DeletePolicy (409 DeleteConflict while attached), Attach/DetachRolePolicy and
 * Attach/DetachUserPolicy (404 NoSuchEntity for an unknown policy or one not attached; attaching twice changes
 * nothing; 409 LimitExceeded past IAM's default quota of 10 managed policies per role or user).
 */

const MAX_ATTACHED = 10;
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function parseDocument(text: string): PolicyDocument {
  try {
    const doc = JSON.parse(text) as PolicyDocument;
    if (doc && typeof doc === 'object' && doc.Statement !== undefined) return doc;
  } catch {
    // answered below, as IAM does
  }
  throw new IamError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
}

function createPolicy(v: AccountView, p: URLSearchParams): ReturnType<ActionFn> {
  const name = need(p, 'PolicyName');
  const path = p.get('Path') ?? '/';
  const document = parseDocument(need(p, 'PolicyDocument'));
  const arn = `arn:aws:iam::${v.id}:policy${path}${name}`;
  if ([...v.policies.values()].some((x) => !x.awsManaged && x.name === name))
    throw new IamError(
      409,
      'EntityAlreadyExists',
      `A policy called ${name} already exists. Duplicate names are not allowed.`,
    );
  const at = now();
  const policy: AwsManagedPolicy = {
    arn,
    name,
    policyId: `ANPA${[...randomBytes(17)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('')}`,
    path,
    description: p.get('Description') ?? '',
    createDate: at,
    updateDate: at,
    versions: [{ versionId: 'v1', isDefault: true, createDate: at, document }],
    awsManaged: false,
  };
  v.account.policies.push(policy);
  v.policies.set(arn, policy);
  v.changed();
  return { Policy: policyXml(v, policy) };
}

function deletePolicy(v: AccountView, p: URLSearchParams): ReturnType<ActionFn> {
  const policy = policyOf(v, p);
  if (policy.awsManaged) throw new IamError(400, 'InvalidInput', `ARN ${policy.arn} is not valid.`);
  if ((v.attachments.get(policy.arn) ?? 0) > 0)
    throw new IamError(409, 'DeleteConflict', 'Cannot delete a policy attached to entities.');
  v.account.policies.splice(v.account.policies.indexOf(policy), 1);
  v.policies.delete(policy.arn);
  v.changed();
  return null;
}

/** Attach or detach a managed policy on a role's or user's `attachedPolicyArns`. */
function attachment(kind: 'role' | 'user', attach: boolean): ActionFn {
  return (v, p) => {
    const principal = kind === 'role' ? roleOf(v, p) : userOf(v, p);
    const policy = policyOf(v, p);
    const list = principal.attachedPolicyArns;
    const at = list.indexOf(policy.arn);
    if (attach && at < 0) {
      if (list.length >= MAX_ATTACHED)
        throw new IamError(
          409,
          'LimitExceeded',
          `Cannot exceed quota for PoliciesPer${kind === 'role' ? 'Role' : 'User'}: ${MAX_ATTACHED}`,
        );
      list.push(policy.arn);
      v.attachments.set(policy.arn, (v.attachments.get(policy.arn) ?? 0) + 1);
    } else if (!attach) {
      if (at < 0) throw new IamError(404, 'NoSuchEntity', `Policy ${policy.arn} was not found.`);
      list.splice(at, 1);
      v.attachments.set(policy.arn, (v.attachments.get(policy.arn) ?? 1) - 1);
    }
    v.changed();
    return null;
  };
}

export const POLICY_WRITE_ACTIONS: Record<string, ActionFn> = {
  CreatePolicy: createPolicy,
  DeletePolicy: deletePolicy,
  AttachRolePolicy: attachment('role', true),
  DetachRolePolicy: attachment('role', false),
  AttachUserPolicy: attachment('user', true),
  DetachUserPolicy: attachment('user', false),
};
