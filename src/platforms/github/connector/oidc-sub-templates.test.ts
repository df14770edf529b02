import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corporaDir } from '../../../testing/corpora.js';
import { factsProblems } from '../fixtures/facts-check.js';
import {
  defaultRepoTemplate,
  orgInheritingRepoTemplate,
  ownerOnlyOrgTemplate,
  repoTemplates,
} from '../fixtures/oidc-sub-templates.js';
import { transformOrg, transformRepo } from './oidc-sub-templates.js';
import type { GhOidcOrgSubTemplate, GhOidcRepoSubTemplate } from './wire.js';

const example = <T>(operation: string): T => {
  const file = join(corporaDir(), 'github-rest-openapi', 'examples', `${operation}.200.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { examples: { default: T } }).examples.default;
};
const ctx = { org: 'octo-org' };
const repo = { ...ctx, repo: { name: 'hello-world', full_name: 'octo-org/hello-world' } };

describe("OIDC subject templates on GitHub's own examples", () => {
  it('oidc/get-oidc-custom-sub-template-for-org → the org identity with its claim keys', () => {
    const identity = transformOrg(example<GhOidcOrgSubTemplate>('oidc__get-oidc-custom-sub-template-for-org'), ctx);
    expect(identity).toMatchObject({
      id: 'github:octo-org:org_oidc_sub_template:octo-org',
      kind: 'workload_identity',
      nativeType: 'org_oidc_sub_template',
      nativeId: 'octo-org',
      attributes: { scope: 'organization', includeClaimKeys: ['repo', 'context'], useImmutableSubject: null },
      credentials: [],
    });
    expect(factsProblems(identity!)).toEqual([]);
  });

  it('actions/get-custom-oidc-sub-claim-for-repo → the repository identity (use_default false)', () => {
    const raw = example<GhOidcRepoSubTemplate>('actions__get-custom-oidc-sub-claim-for-repo');
    const identity = transformRepo(raw, repo);
    expect(identity).toMatchObject({
      id: 'github:octo-org:repo_oidc_sub_template:hello-world',
      nativeType: 'repo_oidc_sub_template',
      name: 'octo-org/hello-world Actions OIDC sub template',
      attributes: {
        scope: 'repository',
        repository: 'octo-org/hello-world',
        includeClaimKeys: ['repo', 'context'],
        useImmutableSubject: null,
        subClaimPrefix: null,
      },
    });
    expect(factsProblems(identity!)).toEqual([]);
  });
});

describe('OIDC subject template transforms', () => {
  it('emit nothing for the defaults: an org without keys, a repository with use_default true', () => {
    expect(transformOrg({ include_claim_keys: [] }, ctx)).toBeNull();
    expect(transformRepo(defaultRepoTemplate, repo)).toBeNull();
  });

  it("keep a repository that uses the org's template, with no keys of its own", () => {
    expect(transformRepo(orgInheritingRepoTemplate, repo)?.attributes).toEqual({
      scope: 'repository',
      repository: 'octo-org/hello-world',
      includeClaimKeys: null,
      useImmutableSubject: null,
      subClaimPrefix: null,
    });
    expect(transformRepo({ ...repoTemplates.api }, repo)?.attributes?.subClaimPrefix).toBe('repo');
    expect(transformOrg(ownerOnlyOrgTemplate, ctx)?.attributes?.useImmutableSubject).toBe(false);
  });

  it('refuse what cannot be judged (the source quarantines it)', () => {
    expect(() => transformRepo({} as GhOidcRepoSubTemplate, repo)).toThrow(/without use_default/);
    expect(() => transformOrg({} as GhOidcOrgSubTemplate, ctx)).toThrow(/without include_claim_keys/);
    expect(() => transformOrg([] as never, ctx)).toThrow(/not an object/);
    expect(() => transformRepo({ use_default: false, include_claim_keys: 'repo' as never }, repo)).toThrow(
      /include_claim_keys is not a list/,
    );
  });
});
