/** The GitHub org and repositories that the estate's OIDC trusts name. */

const FALLBACK_GITHUB = {
  org: 'acme-corp',
  repos: ['api', 'web', 'infra', 'billing-service', 'data-pipeline', 'mobile-app', 'terraform-modules', 'docs'],
};

export interface GithubRefs {
  org: string;
  repos: string[];
}

/**
 * Reads the GitHub estate generated before this one (if any) without depending on its exact type: the org login
 * and repository names, so OIDC trusts point at repositories that exist.
 */
export function githubRefs(earlier: unknown): GithubRefs {
  if (!earlier || typeof earlier !== 'object') return FALLBACK_GITHUB;
  const e = earlier as Record<string, unknown>;
  const str = (v: unknown): string | null =>
    typeof v === 'string' && v
      ? v
      : v && typeof v === 'object' && typeof (v as { login?: unknown }).login === 'string'
        ? (v as { login: string }).login
        : null;
  const orgSource =
    (Array.isArray(e.orgs) ? e.orgs[0] : undefined) ??
    (Array.isArray(e.organizations) ? e.organizations[0] : undefined) ??
    e.org ??
    e.organization ??
    e.login;
  const org =
    str(orgSource) ??
    (orgSource && typeof orgSource === 'object'
      ? (str((orgSource as Record<string, unknown>).org) ?? str((orgSource as Record<string, unknown>).name))
      : null);
  const repoLists = [
    e.repos,
    e.repositories,
    orgSource && typeof orgSource === 'object' ? (orgSource as Record<string, unknown>).repos : undefined,
    orgSource && typeof orgSource === 'object' ? (orgSource as Record<string, unknown>).repositories : undefined,
  ];
  const repos: string[] = [];
  for (const l of repoLists) {
    if (!Array.isArray(l)) continue;
    for (const r of l) {
      if (typeof r === 'string') repos.push(r.includes('/') ? r.split('/')[1] : r);
      else if (r && typeof r === 'object') {
        const o = r as Record<string, unknown>;
        const name =
          typeof o.name === 'string' ? o.name : typeof o.full_name === 'string' ? o.full_name.split('/')[1] : null;
        if (name) repos.push(name);
      }
      if (repos.length >= 200) break;
    }
    if (repos.length) break;
  }
  if (!org || repos.length === 0) return FALLBACK_GITHUB;
  return { org, repos: [...new Set(repos)] };
}
