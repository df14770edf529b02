import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import type { IdentityInput } from '../../../model/index.js';
import { view } from '../../../testing/views.js';
import { transformOrg, transformRepo } from '../connector/oidc-sub-templates.js';
import { FIXTURE_NOW, FIXTURE_ORG, fixtureIdentities } from '../fixtures/index.js';
import { orgInheritingRepoTemplate, ownerOnlyOrgTemplate, repoTemplates } from '../fixtures/oidc-sub-templates.js';
import { broadMatch, rule } from './github-oidc-sub-template-broad.js';

/** Inputs come only from the connector's transforms on the payloads in ../fixtures/oidc-sub-templates.ts. */
const ctx = { org: FIXTURE_ORG };
const repo = (name: string) => ({ ...ctx, repo: { name, full_name: `${FIXTURE_ORG}/${name}` } });
const hits = (identities: Array<IdentityInput | null>) =>
  evaluateViews(
    identities.filter((i) => i !== null).map((i) => view(i)),
    { now: FIXTURE_NOW, rules: [rule] },
  );

describe('github-oidc-sub-template-broad', () => {
  it("fires on the org's owner-only template and on a repository's context-only one, saying who matches", () => {
    expect(hits(fixtureIdentities()).map((h) => h.identity.id)).toEqual([
      'github:acme-corp:org_oidc_sub_template:acme-corp',
      'github:acme-corp:repo_oidc_sub_template:web',
    ]);
    const [org] = hits([transformOrg(ownerOnlyOrgTemplate, ctx)]);
    expect(org.evidence).toEqual([
      {
        field: 'attributes.includeClaimKeys',
        value: 'repository_owner,context',
        source:
          'include_claim_keys per github inventory (org_oidc_sub_template): no repository claim, so any repository of the same owner matches',
      },
    ]);
    const [web] = hits([transformRepo(repoTemplates.web, repo('web'))]);
    expect(web.evidence[0].source).toMatch(/so any repository on GitHub matches$/);
  });

  it("stays silent when the sub names the repository, or the repository uses the org's template", () => {
    expect(hits([transformRepo(repoTemplates.api, repo('api'))])).toEqual([]);
    expect(hits([transformRepo(orgInheritingRepoTemplate, repo('web'))])).toEqual([]);
    for (const keys of [['repository_id'], ['job_workflow_ref', 'context'], ['workflow_ref'], ['repository']])
      expect(hits([transformOrg({ include_claim_keys: keys }, ctx)]), keys.join()).toEqual([]);
  });

  it('classifies keys by what they pin', () => {
    expect(broadMatch(['repository_owner_id', 'environment'])).toBe('any repository of the same owner');
    expect(broadMatch(['actor', 'context'])).toBe('any repository on GitHub');
    expect(broadMatch(['repo'])).toBeNull();
  });
});
