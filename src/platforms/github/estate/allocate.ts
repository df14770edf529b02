/**
 * How many NHIs of each GitHub type an estate of n holds: shares from published NHI inventories, with a minimum of
 * each type so that even small estates exercise every connector path.
 */
const TYPE_ORDER = [
  'installation',
  'deploy_key',
  'pat_grant',
  'repo_secret',
  'org_hook',
  'cred_pat',
  'repo_hook',
  'org_secret',
  'cred_ssh',
  'cred_oauth',
  'pat_request',
  'environment_secret',
  'dependabot_repo_secret',
  'dependabot_org_secret',
  'codespaces_org_secret',
  'runner_group',
  'oidc_sub_template',
  'secret_scanning_alert',
] as const;
export type NhiType = (typeof TYPE_ORDER)[number];
const SHARE: Record<NhiType, number> = {
  installation: 0.04,
  deploy_key: 0.22,
  pat_grant: 0.08,
  repo_secret: 0.13,
  org_hook: 0.01,
  cred_pat: 0.09,
  repo_hook: 0.12,
  org_secret: 0.03,
  cred_ssh: 0.05,
  cred_oauth: 0.04,
  pat_request: 0.02,
  environment_secret: 0.06,
  dependabot_repo_secret: 0.04,
  dependabot_org_secret: 0.01,
  codespaces_org_secret: 0.01,
  runner_group: 0.02,
  oidc_sub_template: 0.01,
  secret_scanning_alert: 0.02,
};
const MIN: Record<NhiType, number> = {
  installation: 2,
  deploy_key: 1,
  pat_grant: 1,
  repo_secret: 1,
  org_hook: 1,
  cred_pat: 1,
  repo_hook: 1,
  org_secret: 1,
  cred_ssh: 1,
  cred_oauth: 1,
  pat_request: 1,
  environment_secret: 1,
  dependabot_repo_secret: 1,
  dependabot_org_secret: 1,
  codespaces_org_secret: 1,
  runner_group: 1,
  oidc_sub_template: 1,
  // Two, so that both validity grades (active; unknown or inactive) are planted in every estate.
  secret_scanning_alert: 2,
};

/** How many NHIs of each type: proportional shares, minimums first (in priority order) while the budget allows. */
export function allocate(total: number): Record<NhiType, number> {
  const out = Object.fromEntries(TYPE_ORDER.map((t) => [t, 0])) as Record<NhiType, number>;
  let left = total;
  // App installations do not scale with the estate the way keys and secrets do: ~42 apps per tenant, a few hundred at most.
  const installationCap = Math.max(MIN.installation, Math.round(40 + total / 2000));
  for (const t of TYPE_ORDER) {
    const m = Math.min(MIN[t], left);
    out[t] = m;
    left -= m;
  }
  if (left <= 0) return out;
  const base = left;
  for (const t of TYPE_ORDER) {
    let add = Math.floor(base * SHARE[t]);
    if (t === 'installation') add = Math.max(0, Math.min(add, installationCap - out[t]));
    out[t] += add;
    left -= add;
  }
  // Remainder to the repo-scoped types (the bulk of any real org).
  const sinks: NhiType[] = ['repo_secret', 'deploy_key', 'repo_hook'];
  for (let i = 0; left > 0; i++, left--) out[sinks[i % sinks.length]]++;
  return out;
}
