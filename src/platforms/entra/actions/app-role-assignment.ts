import type { Identity } from '../../../model/index.js';
import type { ActionContext, ActionTarget, RemediationAction, VerifyResult } from '../../../remediation/action.js';
import { type GraphClient, withGraph } from './graph.js';

/**
 * What removing and re-creating an application permission (an app role assignment held by a service principal)
 * share. The assignment is found by (principal, resource, appRoleId) when acting, not only by the id the scan saw: a
 * re-created assignment gets a new id (and createdDateTime), so after a rollback those two attributes differ.
 */

interface WireAssignment {
  id?: string;
  appRoleId?: string;
  resourceId?: string;
}

const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';

/** Each app role (application permission) the identity's service principal holds, default access excepted. */
export function assignmentTargets(identity: Identity): ActionTarget[] {
  const spId = identity.attributes.servicePrincipalId;
  if (typeof spId !== 'string') return [];
  return identity.permissions
    .filter(
      (p) =>
        p.source === 'appRoleAssignment' &&
        typeof p.attributes.assignmentId === 'string' &&
        typeof p.attributes.resourceId === 'string' &&
        typeof p.attributes.appRoleId === 'string' &&
        p.attributes.appRoleId !== DEFAULT_ACCESS_ROLE,
    )
    .map((p) => ({
      platform: identity.platform,
      tenant: identity.tenant,
      identityId: identity.id,
      credentialId: null,
      label: `${identity.name}: ${p.nativeName} on ${p.resource}`,
      params: {
        principalId: spId,
        resourceId: p.attributes.resourceId as string,
        appRoleId: p.attributes.appRoleId as string,
        assignmentId: p.attributes.assignmentId as string,
        permission: p.nativeName,
      },
    }));
}

/** GET /servicePrincipals/{principal}/appRoleAssignments: those of this role on this resource. */
async function heldAssignments(client: GraphClient, target: ActionTarget): Promise<WireAssignment[]> {
  const { principalId, resourceId, appRoleId } = target.params;
  const held: WireAssignment[] = [];
  let page = (await client.api(`/servicePrincipals/${principalId}/appRoleAssignments`).get()) as {
    value?: WireAssignment[];
    '@odata.nextLink'?: string;
  };
  for (;;) {
    held.push(...(page.value ?? []).filter((a) => a.resourceId === resourceId && a.appRoleId === appRoleId));
    const next = page['@odata.nextLink'];
    if (!next) return held;
    page = await client.api(next).get();
  }
}

export async function removeAssignment(ctx: ActionContext, target: ActionTarget): Promise<void> {
  await withGraph(ctx, target.tenant, async (client) => {
    for (const a of await heldAssignments(client, target))
      await client.api(`/servicePrincipals/${target.params.resourceId}/appRoleAssignedTo/${a.id}`).delete();
  });
}

export async function addAssignment(ctx: ActionContext, target: ActionTarget): Promise<void> {
  const { principalId, resourceId, appRoleId } = target.params;
  await withGraph(ctx, target.tenant, (client) =>
    client.api(`/servicePrincipals/${resourceId}/appRoleAssignedTo`).post({ principalId, resourceId, appRoleId }),
  );
}

/** Whether the principal holds the role on the resource, as `held` wants. */
export function verifyHeld(ctx: ActionContext, target: ActionTarget, held: boolean): Promise<VerifyResult> {
  return withGraph(ctx, target.tenant, async (client) => {
    const n = (await heldAssignments(client, target)).length;
    return {
      ok: n > 0 === held,
      observed: n > 0 ? `${target.params.permission} held` : `${target.params.permission} not held`,
    };
  });
}

const call = (target: ActionTarget, held: boolean) => {
  const { principalId, resourceId, appRoleId, assignmentId } = target.params;
  return held
    ? {
        method: 'POST',
        path: `/v1.0/servicePrincipals/${resourceId}/appRoleAssignedTo`,
        body: { principalId, resourceId, appRoleId },
      }
    : { method: 'DELETE', path: `/v1.0/servicePrincipals/${resourceId}/appRoleAssignedTo/${assignmentId}` };
};

/** Removing (held false) or re-creating (held true) an application permission. */
export function appRoleAssignmentAction(spec: {
  id: string;
  title: string;
  held: boolean;
  inverse: string;
}): RemediationAction {
  return {
    id: spec.id,
    title: spec.title,
    platform: 'entra',
    nativeTypes: ['application', 'servicePrincipal'],
    permission: 'AppRoleAssignment.ReadWrite.All (Microsoft Graph application permission)',
    inverse: spec.inverse,
    disruptive: !spec.held,
    onlyWhenNamed: true,
    // Re-creating is planned only as the inverse of a removal (the plan item carries the removed assignment).
    targets: (identity) => (spec.held ? [] : assignmentTargets(identity)),
    describe: (target) => ({
      calls: [call(target, spec.held)],
      changes: [{ field: `app role ${target.params.permission}`, before: !spec.held, after: spec.held }],
    }),
    apply: (ctx, target) => (spec.held ? addAssignment(ctx, target) : removeAssignment(ctx, target)),
    verify: (ctx, target) => verifyHeld(ctx, target, spec.held),
  };
}
