import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Identity, Person } from '../../../model/index.js';
import { factsCheck } from '../../../sync/facts-check.js';
import { cleanOutcome, FUZZ, mutated } from '../../../testing/fuzz.js';
import { githubFacts } from '../facts.js';
import { credentialAuthorizations } from '../fixtures/credential-authorizations.js';
import { FIXTURE_ORG } from '../fixtures/index.js';
import { appsBySlug, installations } from '../fixtures/installations.js';
import { codespacesOrgSecrets, dependabotOrgSecrets, orgHooks, orgSecrets } from '../fixtures/organization.js';
import { patGrants, patRequests } from '../fixtures/personal-access-tokens.js';
import { members, repositories, repositoryContents } from '../fixtures/repositories.js';
import { orgInheritingRepoTemplate, ownerOnlyOrgTemplate, repoTemplates } from '../fixtures/oidc-sub-templates.js';
import { runnerGroups } from '../fixtures/runner-groups.js';
import { secretScanningAlerts } from '../fixtures/secret-scanning-alerts.js';
import * as codespacesSecretsT from './codespaces-secrets.js';
import * as credentialAuthorizationsT from './credential-authorizations.js';
import * as dependabotSecretsT from './dependabot-secrets.js';
import * as deployKeysT from './deploy-keys.js';
import * as environmentSecretsT from './environment-secrets.js';
import * as installationsT from './installations.js';
import * as membersT from './members.js';
import * as orgHooksT from './org-hooks.js';
import * as orgSecretsT from './org-secrets.js';
import * as patRequestsT from './pat-requests.js';
import * as patGrantsT from './personal-access-tokens.js';
import * as repoHooksT from './repo-hooks.js';
import * as repoSecretsT from './repo-secrets.js';
import * as repositoriesT from './repositories.js';
import * as runnerGroupsT from './runner-groups.js';
import * as oidcSubTemplatesT from './oidc-sub-templates.js';
import * as secretScanningAlertsT from './secret-scanning-alerts.js';

const ctx = { org: FIXTURE_ORG };
const repo = { ...ctx, repo: { name: 'api', full_name: `${FIXTURE_ORG}/api` } };
const check = factsCheck(githubFacts, 'github', FIXTURE_ORG);
const contents = Object.values(repositoryContents);

/** What the sync sink does with a transform's output: the model schema, then the platform's facts. */
function sink(out: unknown): 'valid' | 'refused' {
  const r = Identity.safeParse(out);
  if (!r.success) return 'refused'; // the sink refuses it with an error naming the identity and the field
  check(r.data);
  return 'valid';
}

// Every pure transform with the hand-written fixtures it is fed in fixtures/index.ts.
const cases: Array<[string, unknown[], (raw: never) => unknown]> = [
  [
    'installations',
    installations,
    (raw: (typeof installations)[number]) =>
      installationsT.transform(raw, { ...ctx, app: appsBySlug[raw?.app_slug] ?? null }),
  ],
  [
    'installations (mutated app)',
    Object.values(appsBySlug),
    (app: never) => installationsT.transform(installations[0], { ...ctx, app }),
  ],
  [
    'credential authorizations',
    credentialAuthorizations,
    (raw: never) => credentialAuthorizationsT.transform(raw, ctx),
  ],
  ['fine-grained PAT grants', patGrants, (raw: never) => patGrantsT.transform(raw, ctx)],
  ['fine-grained PAT requests', patRequests, (raw: never) => patRequestsT.transform(raw, ctx)],
  ['org secrets', orgSecrets, (raw: never) => orgSecretsT.transform(raw, ctx)],
  ['org hooks', orgHooks, (raw: never) => orgHooksT.transform(raw, ctx)],
  ['deploy keys', contents.flatMap((c) => c.keys), (raw: never) => deployKeysT.transform(raw, repo)],
  ['repo secrets', contents.flatMap((c) => c.secrets), (raw: never) => repoSecretsT.transform(raw, repo)],
  ['repo hooks', contents.flatMap((c) => c.hooks), (raw: never) => repoHooksT.transform(raw, repo)],
  ['Dependabot org secrets', dependabotOrgSecrets, (raw: never) => dependabotSecretsT.transformOrg(raw, ctx)],
  ['Codespaces org secrets', codespacesOrgSecrets, (raw: never) => codespacesSecretsT.transform(raw, ctx)],
  ['runner groups', runnerGroups, (raw: never) => runnerGroupsT.transform(raw, ctx)],
  ['secret scanning alerts', secretScanningAlerts, (raw: never) => secretScanningAlertsT.transform(raw, ctx)],
  ['org OIDC sub template', [ownerOnlyOrgTemplate], (raw: never) => oidcSubTemplatesT.transformOrg(raw, ctx)],
  [
    'repository OIDC sub templates',
    [...Object.values(repoTemplates), orgInheritingRepoTemplate],
    (raw: never) => oidcSubTemplatesT.transformRepo(raw, repo),
  ],
  [
    'Dependabot repo secrets',
    contents.flatMap((c) => c.dependabotSecrets),
    (raw: never) => dependabotSecretsT.transformRepo(raw, repo),
  ],
  [
    'environment secrets',
    contents.flatMap((c) =>
      c.environments.flatMap((e) => e.secrets.map((secret) => ({ environment: e.environment.name, secret }))),
    ),
    (raw: never) => environmentSecretsT.transform(raw, repo),
  ],
  [
    'environments (names)',
    contents.flatMap((c) => c.environments.map((e) => e.environment)),
    (raw: never) =>
      environmentSecretsT.transform(
        { environment: environmentSecretsT.environmentName(raw, 'acme-corp/api'), secret: contents[0].secrets[0] },
        repo,
      ),
  ],
];

describe('GitHub transforms fuzz (mutated fixtures: a valid identity, a refusal by the sink, or a clear Error)', () => {
  for (const [name, fixtures, transform] of cases) {
    it(name, () => {
      expect(fixtures.length).toBeGreaterThan(0);
      // The unmutated fixtures are valid: the property starts from known-good payloads.
      for (const raw of fixtures) expect(sink(transform(raw as never))).toBe('valid');
      fc.assert(
        fc.property(
          fc.constantFrom(...fixtures).chain((raw) => mutated(raw)),
          (raw) => {
            cleanOutcome(() => sink(transform(raw as never)));
          },
        ),
        FUZZ,
      );
    });
  }

  it('members → people', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...members).chain((raw) => mutated(raw)),
        (raw) => {
          cleanOutcome(() => Person.safeParse(membersT.transform(raw, ctx)));
        },
      ),
      FUZZ,
    );
  });

  it('repositories', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...repositories).chain((raw) => mutated(raw)),
        (raw) => {
          cleanOutcome(() => repositoriesT.transform(raw));
        },
      ),
      FUZZ,
    );
  });

  it('a list field of another type is refused with an error naming the object and the field', () => {
    const raw = { ...credentialAuthorizations[0], scopes: 'repo' as unknown as string[] };
    expect(() => credentialAuthorizationsT.transform(raw, ctx)).toThrow(
      new Error(
        `GitHub credential authorization ${raw.credential_id}: scopes is not a list (string) in the API response`,
      ),
    );
  });
});
