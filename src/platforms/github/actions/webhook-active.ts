import type { Identity } from '../../../model/index.js';
import type { ActionTarget, RemediationAction } from '../../../remediation/action.js';
import { octokit } from './octokit.js';

/** The path of an org or repository webhook (`/orgs/{org}/hooks/{id}` or `/repos/{owner}/{repo}/hooks/{id}`). */
function hookTarget(identity: Identity): ActionTarget | null {
  const repository = identity.attributes.repository;
  const path =
    identity.nativeType === 'org_hook'
      ? `/orgs/${identity.tenant}/hooks/${identity.nativeId}`
      : typeof repository === 'string' && repository.includes('/')
        ? `/repos/${repository}/hooks/${identity.nativeId}`
        : null;
  if (!path) return null;
  return {
    platform: identity.platform,
    tenant: identity.tenant,
    identityId: identity.id,
    credentialId: null,
    label: `webhook ${identity.nativeId} → ${identity.name}`,
    params: { path },
  };
}

/**
 * PATCH an org or repository webhook's `active` (update a webhook): an inactive webhook delivers nothing, so its
 * receiver gets no more events (and no more payloads signed with its secret) until it is re-activated.
 */
export function webhookActiveAction(spec: {
  id: string;
  title: string;
  active: boolean;
  inverse: string;
}): RemediationAction {
  return {
    id: spec.id,
    title: spec.title,
    platform: 'github',
    nativeTypes: ['org_hook', 'repo_hook'],
    permission: 'organization Webhooks: write / repository Webhooks: write (admin:org_hook or admin:repo_hook scope)',
    inverse: spec.inverse,
    disruptive: !spec.active,
    targets: (identity) => {
      const target = hookTarget(identity);
      return target && identity.enabled !== spec.active ? [target] : [];
    },
    describe: (t) => ({
      calls: [{ method: 'PATCH', path: t.params.path, body: { active: spec.active } }],
      changes: [{ field: 'active', before: !spec.active, after: spec.active }],
    }),
    apply: async (ctx, t) => {
      await octokit(ctx, t.tenant).request(`PATCH ${t.params.path}`, { active: spec.active });
    },
    verify: async (ctx, t) => {
      const { data } = await octokit(ctx, t.tenant).request(`GET ${t.params.path}`);
      const active = (data as { active?: boolean }).active;
      return { ok: active === spec.active, observed: `active ${String(active)}` };
    },
  };
}
