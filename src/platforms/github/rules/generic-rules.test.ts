import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { GENERIC_RULES } from '../../../analysis/risk/rules/index.js';
import type { IdentityInput } from '../../../model/index.js';
import type { IdentityView } from '../../../store/index.js';
import { view } from '../../../testing/views.js';
import { FIXTURE_NOW, fixtureIdentities } from '../fixtures/index.js';

/**
 * The generic rules on exactly what the GitHub transforms emit (../fixtures). Ownership resolution is simulated:
 * an identity whose vendor data names a login gets that person as its active owner, unless a case says otherwise.
 */
const withOwner = (i: IdentityInput, status = 'active'): IdentityView => {
  const claim = i.ownerClaims?.[0];
  return view({ ...i, owner: claim ? { personId: `person:${claim.ref}`, source: claim.source, status } : null });
};
const firing = (ruleId: string, views: IdentityView[] = fixtureIdentities().map((i) => withOwner(i))) => {
  const rule = GENERIC_RULES.find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`no generic rule ${ruleId}`);
  return evaluateViews(views, { now: FIXTURE_NOW, rules: [rule] })
    .map((h) => h.identity.id)
    .sort();
};
const id = (nativeType: string, nativeId: string | number) => `github:acme-corp:${nativeType}:${nativeId}`;

describe('generic rules on GitHub data', () => {
  it('nhi-stale: an SSO PAT and a deploy key last used more than staleDays ago', () => {
    expect(firing('nhi-stale')).toEqual([id('credential_authorization', 161195), id('deploy_key', 77000007)]);
  });

  it('nhi-never-used: usage-tracked, never used, older than staleDays (pending PAT requests are disabled)', () => {
    expect(firing('nhi-never-used')).toEqual([id('credential_authorization', 161204), id('deploy_key', 77000014)]);
  });

  it('credential-not-rotated: tokens, SSH keys and secret values (every secret store) set more than rotationDays ago', () => {
    expect(firing('credential-not-rotated')).toEqual([
      id('codespaces_org_secret', 'DEV_AWS_ACCESS_KEY'),
      id('credential_authorization', 161195),
      id('dependabot_org_secret', 'ARTIFACTORY_PASSWORD'),
      id('dependabot_repo_secret', 'api/MAVEN_PASSWORD'),
      id('deploy_key', 77000007),
      id('environment_secret', 'api/production/PROD_DB_PASSWORD'),
      id('org_secret', 'ORG_AWS_SECRET_ACCESS_KEY'),
      id('repo_secret', 'api/NPM_TOKEN'),
    ]);
  });

  it('credential-long-lived: PATs without expiry (SSH keys, OAuth tokens and secrets cannot carry one)', () => {
    expect(firing('credential-long-lived')).toEqual([id('credential_authorization', 161195), id('pat_grant', 25381)]);
  });

  it('credential-expired and credential-expiring: the expired PAT grant and the classic PAT expiring in 20 days', () => {
    expect(firing('credential-expired')).toEqual([id('pat_grant', 25391)]);
    expect(firing('credential-expiring')).toEqual([id('credential_authorization', 161198)]);
  });

  it('third-party-high-risk-scopes and unverified-publisher: the user-owned App with administration:write', () => {
    expect(firing('third-party-high-risk-scopes')).toEqual([id('installation', 51000101)]);
    // ci-checks is third party too, but org-owned (verified) and without high-sensitivity write.
    expect(firing('unverified-publisher')).toEqual([id('installation', 51000101)]);
  });

  it('nhi-admin-privilege: members:write (path to owner) and the admin:org scope', () => {
    expect(firing('nhi-admin-privilege')).toEqual([
      id('credential_authorization', 161195),
      id('installation', 51000103),
    ]);
  });

  it('nhi-no-owner: installations, secrets, webhooks, runner groups, OIDC templates and a deploy key with no added_by', () => {
    expect(firing('nhi-no-owner')).toEqual(
      [
        id('deploy_key', 77000007),
        ...[51000101, 51000102, 51000103, 51000104].map((n) => id('installation', n)),
        ...[400000000, 400000022, 400000033].map((n) => id('org_hook', n)),
        id('org_secret', 'ORG_AWS_SECRET_ACCESS_KEY'),
        id('org_secret', 'ORG_DOCKERHUB_TOKEN'),
        id('repo_hook', 400000011),
        id('repo_secret', 'api/NPM_TOKEN'),
        id('repo_secret', 'web/SENTRY_AUTH_TOKEN'),
        id('dependabot_org_secret', 'ARTIFACTORY_PASSWORD'),
        id('dependabot_org_secret', 'NPM_REGISTRY_TOKEN'),
        id('codespaces_org_secret', 'DEV_AWS_ACCESS_KEY'),
        ...[1, 4, 7].map((n) => id('runner_group', n)),
        id('org_oidc_sub_template', 'acme-corp'),
        id('secret_scanning_alert', 'web/3'),
        id('secret_scanning_alert', 'api/1'),
        id('repo_oidc_sub_template', 'api'),
        id('repo_oidc_sub_template', 'web'),
        id('dependabot_repo_secret', 'api/MAVEN_PASSWORD'),
        id('environment_secret', 'api/production/PROD_DB_PASSWORD'),
        id('environment_secret', 'api/preview/eu/PREVIEW_DEPLOY_TOKEN'),
      ].sort(),
    );
  });

  it('nhi-owner-departed: a departed owner, or a named login that no directory knows any more', () => {
    const grant = fixtureIdentities().find((i) => i.id === id('pat_grant', 25381))!;
    const key = fixtureIdentities().find((i) => i.id === id('deploy_key', 77000000))!;
    expect(firing('nhi-owner-departed', [withOwner(grant, 'departed'), view(key)])).toEqual([
      id('deploy_key', 77000000),
      id('pat_grant', 25381),
    ]);
    expect(firing('nhi-owner-departed')).toEqual([]);
  });

  it('never fire on GitHub data: multiple keys, tenant-wide grants, interactive use, human use, reuse', () => {
    for (const rule of [
      'multiple-active-keys',
      'tenant-wide-grant',
      'nhi-interactive',
      'nhi-used-by-human',
      'credential-reused',
    ])
      expect(firing(rule), rule).toEqual([]);
  });
});
