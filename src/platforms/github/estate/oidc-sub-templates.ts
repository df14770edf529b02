import { type GenContext, identityId, label, pickRepo } from './context.js';
import type { GhRepoData, GhRepoOidcSubData } from './types.js';

/**
 * GitHub's facts about Actions OIDC subject templates (docs: "Customizing the subject claims for an organization or
 * repository"): the default `sub` is `repo:OWNER/REPO:<context>`; a custom template replaces it with the listed
 * claims. `broad` = the resulting `sub` names no repository (no repo, repository, repository_id, workflow_ref or
 * job_workflow_ref claim), so a trust condition on it matches other repositories' tokens too.
 */
const TEMPLATES: ReadonlyArray<{ keys: string[]; broad: boolean }> = [
  { keys: ['repo', 'context'], broad: false },
  { keys: ['repository_owner', 'context'], broad: true },
  { keys: ['context'], broad: true },
  { keys: ['repository_id', 'environment'], broad: false },
  { keys: ['job_workflow_ref'], broad: false },
  { keys: ['repository_owner_id', 'environment'], broad: true },
];
const ORG_TEMPLATE = TEMPLATES[1];

function labelTemplate(c: GenContext, nativeType: string, nativeId: string, name: string, broad: boolean): void {
  label(c, {
    id: identityId(c, nativeType, nativeId),
    tenant: c.orgLogin,
    kind: 'workload_identity',
    name,
    createdAt: null,
    lastUsedAt: null,
    usageTracked: false,
    enabled: true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [],
    permissions: [],
    owner: null,
    platformRisks: broad ? ['github-oidc-sub-template-broad'] : [],
  });
}

/** A repository not yet given a template (probing on from a skewed pick). */
function freeRepo(c: GenContext): GhRepoData {
  const start = c.repos.indexOf(pickRepo(c));
  for (let k = 0; k < c.repos.length; k++) {
    const repo = c.repos[(start + k) % c.repos.length];
    if (!repo.oidcSub) return repo;
  }
  throw new Error('every repository already has an OIDC subject template');
}

/**
 * The org's template (planted: owner and context only, so any repository of the org matches) and `count - 1`
 * repositories that opted out of the default: the first two planted broad (`context` only; owner id and
 * environment), the rest drawn (a fifth use
 * the org's template, which is judged on the org's identity). Every other repository keeps GitHub's default.
 */
export function generateOidcSubTemplates(c: GenContext, count: number): { include_claim_keys: string[] } | undefined {
  if (count < 1) return undefined;
  labelTemplate(c, 'org_oidc_sub_template', c.orgLogin, `${c.orgLogin} Actions OIDC sub template`, ORG_TEMPLATE.broad);
  for (let i = 1; i < Math.min(count, c.repos.length + 1); i++) {
    const repo = freeRepo(c);
    const inherit = i > 2 && c.rng.chance(0.2);
    const template = i === 1 ? TEMPLATES[2] : i === 2 ? TEMPLATES[5] : c.rng.pick(TEMPLATES);
    const sub: GhRepoOidcSubData = inherit
      ? { use_default: false }
      : { use_default: false, include_claim_keys: [...template.keys] };
    repo.oidcSub = sub;
    const name = `${c.orgLogin}/${repo.name} Actions OIDC sub template`;
    labelTemplate(c, 'repo_oidc_sub_template', repo.name, name, !inherit && template.broad);
  }
  return { include_claim_keys: [...ORG_TEMPLATE.keys] };
}
