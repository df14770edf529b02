import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { githubFacts } from '../facts.js';

/**
 * Claim keys whose value names one repository: `repo`/`repository` (owner/name), `repository_id`, and the workflow
 * refs (`owner/repo/.github/workflows/x.yml@ref`; `job_workflow_ref` names the reusable workflow's repository, the
 * documented way to trust one central deployment workflow).
 */
const REPOSITORY_KEYS = new Set(['repo', 'repository', 'repository_id', 'workflow_ref', 'job_workflow_ref']);
const OWNER_KEYS = new Set(['repository_owner', 'repository_owner_id']);

/** Who can obtain a token whose `sub` equals this template's, or null when the `sub` names a repository. */
export function broadMatch(keys: readonly string[]): string | null {
  if (keys.some((k) => REPOSITORY_KEYS.has(k))) return null;
  if (keys.some((k) => OWNER_KEYS.has(k))) return 'any repository of the same owner';
  return 'any repository on GitHub';
}

// The template is judged where it is defined: a repository without keys of its own uses the org's template,
// which the org's identity carries (and is reported there once, not once per repository).
export const rule = platformRule(githubFacts, {
  nativeTypes: ['org_oidc_sub_template', 'repo_oidc_sub_template'],
  meta: {
    id: 'github-oidc-sub-template-broad',
    title: 'GitHub Actions OIDC subject template does not name the repository',
    severity: 'high',
    description:
      'The custom OIDC subject-claim template leaves the repository out of the `sub` of Actions tokens (for example only `repository_owner` and `context`, or only `context`). A cloud trust condition on `sub` then matches tokens of every repository of the owner — or of any repository on GitHub with the same context — so any of those workflows can assume the cloud role.',
    remediation:
      'Add `repo` (or `repository_id`, or `job_workflow_ref` for a central deployment workflow) to include_claim_keys, or set the repository back to the default template (use_default true); then check the cloud trust conditions that match on `sub`.',
    owasp: 'NHI6:2025',
    compliance: ['NIST SP 800-53 AC-3', 'NIST SP 800-53 IA-9'],
    platforms: ['github'],
    reads: ['attributes.includeClaimKeys'],
    dataRequirement:
      'Needs the Actions OIDC subject templates (GET /orgs/{org}/actions/oidc/customization/sub, GET /repos/{owner}/{repo}/actions/oidc/customization/sub).',
    tags: ['ci-cd', 'federation', 'exposure'],
  },
  evaluate(v) {
    const keys = v.attributes.includeClaimKeys;
    if (!keys || keys.length === 0) return null;
    const who = broadMatch(keys);
    if (!who) return null;
    return [
      ev(
        'attributes.includeClaimKeys',
        keys.join(','),
        `include_claim_keys per ${inventorySource(v)}: no repository claim, so ${who} matches`,
      ),
    ];
  },
});
