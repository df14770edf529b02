import type { AwsManagedPolicy } from '../estate/types.js';
import {
  type AccountView,
  type ActionFn,
  attached,
  IamError,
  need,
  page,
  paged,
  policyDoc,
  policyOf,
  withPrefix,
} from './account.js';
import type { XmlValue } from './xml.js';

/** Managed-policy and group-policy actions (GetPolicy, GetPolicyVersion, ListPolicies, ListAttachedGroupPolicies). */

export function policyXml(v: AccountView, pol: AwsManagedPolicy): Record<string, XmlValue> {
  const def = pol.versions.find((x) => x.isDefault);
  return {
    PolicyName: pol.name,
    PolicyId: pol.policyId,
    Arn: pol.arn,
    Path: pol.path,
    DefaultVersionId: def?.versionId,
    AttachmentCount: v.attachments.get(pol.arn) ?? 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: pol.description,
    CreateDate: pol.createDate,
    UpdateDate: pol.updateDate,
  };
}
export const POLICY_ACTIONS: Record<string, ActionFn> = {
  ListAttachedGroupPolicies: (v, p) => {
    const name = need(p, 'GroupName');
    const g = v.groups.get(name);
    if (!g) throw new IamError(404, 'NoSuchEntity', `The group with name ${name} cannot be found.`);
    const pg = page(attached(v, g.attachedPolicyArns), p, 'gattached');
    return { AttachedPolicies: pg.items, ...paged(pg) };
  },
  GetPolicy: (v, p) => ({ Policy: policyXml(v, policyOf(v, p)) }),
  GetPolicyVersion: (v, p) => {
    const pol = policyOf(v, p);
    const id = need(p, 'VersionId');
    const ver = pol.versions.find((x) => x.versionId === id);
    if (!ver)
      throw new IamError(404, 'NoSuchEntity', `Policy ${pol.arn} version ${id} does not exist or is not attachable.`);
    return {
      PolicyVersion: {
        Document: policyDoc(ver.document),
        VersionId: ver.versionId,
        IsDefaultVersion: ver.isDefault,
        CreateDate: ver.createDate,
      },
    };
  },
  ListPolicies: (v, p) => {
    const scope = p.get('Scope') ?? 'All';
    const onlyAttached = p.get('OnlyAttached') === 'true';
    const all = [...v.policies.values()].filter(
      (x) =>
        (scope === 'All' || (scope === 'AWS') === x.awsManaged) &&
        (!onlyAttached || (v.attachments.get(x.arn) ?? 0) > 0),
    );
    const pg = page(withPrefix(all, p), p, 'policies');
    return { Policies: pg.items.map((x) => policyXml(v, x)), ...paged(pg) };
  },
};
