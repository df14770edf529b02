import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { githubFacts } from '../facts.js';

/**
 * Secret names that hold a long-lived key of a cloud that trusts GitHub Actions OIDC tokens instead (AWS IAM OIDC
 * provider, Entra federated credential, GCP workload identity federation). GitHub stores secret names upper-cased;
 * a name matches as whole `_`-separated words, so `ORG_AWS_SECRET_ACCESS_KEY` and `AWS_ACCESS_KEY_ID_PROD` do too.
 */
const STATIC_CLOUD_KEYS: ReadonlyArray<{ cloud: string; pattern: RegExp }> = [
  { cloud: 'AWS', pattern: /(^|_)AWS_(SECRET_ACCESS_KEY|ACCESS_KEY_ID|ACCESS_KEY|SECRET_KEY)(_|$)/ },
  { cloud: 'Azure', pattern: /(^|_)(AZURE|ARM)_(CLIENT_SECRET|CREDENTIALS)(_|$)/ },
  {
    cloud: 'Google Cloud',
    pattern:
      /(^|_)(GCP|GCLOUD|GOOGLE|GKE)_(SA_KEY|SERVICE_ACCOUNT_KEY|SA_CREDENTIALS|CREDENTIALS|APPLICATION_CREDENTIALS|KEY_JSON)(_|$)/,
  },
];

/** The cloud whose static key a secret name says it holds, or null. */
export function staticCloudKey(name: string): string | null {
  const upper = name.toUpperCase();
  return STATIC_CLOUD_KEYS.find((k) => k.pattern.test(upper))?.cloud ?? null;
}

// Actions stores only: workflows can always ask for an OIDC token (permissions: id-token: write). Dependabot and
// Codespaces secrets cannot be replaced that way everywhere, so they are left out.
export const rule = platformRule(githubFacts, {
  nativeTypes: ['org_secret', 'repo_secret', 'environment_secret'],
  meta: {
    id: 'github-static-cloud-key-secret',
    title: 'GitHub Actions secret holds a static cloud key where OIDC federation is available',
    severity: 'high',
    description:
      'The Actions secret is named like a long-lived cloud credential (AWS access key, Azure client secret, Google service-account key). Every workflow that can read it holds a key that works from anywhere until someone rotates it; GitHub Actions can instead request a short-lived OIDC token that the cloud exchanges for temporary credentials.',
    remediation:
      'Configure OIDC federation (AWS IAM OIDC provider and role, Entra federated credential, or GCP workload identity federation) with a trust condition naming this repository, switch the workflow to it, then delete the secret and deactivate the key.',
    owasp: 'NHI7:2025',
    compliance: ['NIST SP 800-53 IA-5', 'PCI DSS 4.0 8.6.2'],
    platforms: ['github'],
    reads: [],
    dataRequirement:
      'Needs the names of GitHub Actions secrets (GET /orgs/{org}/actions/secrets, /repos/{owner}/{repo}/actions/secrets, /repos/{owner}/{repo}/environments/{environment_name}/secrets).',
    tags: ['credential', 'ci-cd', 'federation'],
  },
  evaluate(v) {
    const cloud = staticCloudKey(v.name);
    if (!cloud) return null;
    return [ev('name', v.name, `secret name per ${inventorySource(v)}: a static ${cloud} key`)];
  },
});
