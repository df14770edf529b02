import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import type { Rule } from '../../../analysis/risk/types.js';
import type { IdentityInput } from '../../../model/index.js';
import { view } from '../../../testing/views.js';
import * as codespacesSecrets from '../connector/codespaces-secrets.js';
import * as dependabotSecrets from '../connector/dependabot-secrets.js';
import * as deployKeys from '../connector/deploy-keys.js';
import * as installations from '../connector/installations.js';
import * as orgHooks from '../connector/org-hooks.js';
import * as patGrants from '../connector/personal-access-tokens.js';
import { githubFacts } from '../facts.js';
import { FIXTURE_NOW, FIXTURE_ORG, fixtureIdentities } from '../fixtures/index.js';
import { repoAdminBotApp, repoAdminBotInstallation } from '../fixtures/installations.js';
import { freshDependabotOrgSecret, secureOrgHook, staleCodespacesOrgSecret } from '../fixtures/organization.js';
import { grantNoExpiry } from '../fixtures/personal-access-tokens.js';
import { staleDependabotRepoSecret, writableDeployKey } from '../fixtures/repositories.js';
import { rule as actionsSecretStale } from './github-actions-secret-stale.js';
import { rule as appOrgWideSensitiveWrite } from './github-app-org-wide-sensitive-write.js';
import { rule as dependabotCodespacesSecretStale } from './github-dependabot-codespaces-secret-stale.js';
import { rule as deployKeyWrite } from './github-deploy-key-write.js';
import { rule as patNoExpiry } from './github-pat-no-expiry.js';
import { rule as webhookInsecure } from './github-webhook-insecure.js';

/** Inputs come only from the connector's transforms on the hand-written payloads in ../fixtures. */
const ctx = { org: FIXTURE_ORG };
const repo = { name: 'api', full_name: 'acme-corp/api' };
const hits = (rule: Rule, identities: IdentityInput[]) =>
  evaluateViews(
    identities.map((i) => view(i)),
    { now: FIXTURE_NOW, rules: [rule] },
  );
const firingIds = (rule: Rule, identities = fixtureIdentities()) =>
  hits(rule, identities)
    .map((h) => h.identity.id)
    .sort();
const id = (nativeType: string, nativeId: string | number) => `github:acme-corp:${nativeType}:${nativeId}`;

describe('github-app-org-wide-sensitive-write', () => {
  it('fires on installations on all repositories with write on administration, secrets, workflows or org admin', () => {
    expect(firingIds(appOrgWideSensitiveWrite)).toEqual([id('installation', 51000101), id('installation', 51000104)]);
    const [hit] = hits(appOrgWideSensitiveWrite, [
      installations.transform(repoAdminBotInstallation, { ...ctx, app: repoAdminBotApp }),
    ]);
    expect(hit.evidence).toEqual([
      {
        field: 'attributes.repositorySelection',
        value: 'all',
        source: 'installation covers all repositories per github inventory (installation)',
      },
      {
        field: 'permissions[0]',
        value: 'administration:write (write)',
        source: 'installation permission per installation.permissions',
      },
    ]);
  });

  it('stays silent on selected repositories, on read-only sensitive keys, and on PAT grants', () => {
    const selected = installations.transform(
      { ...repoAdminBotInstallation, repository_selection: 'selected' },
      { ...ctx, app: repoAdminBotApp },
    );
    const readOnly = installations.transform(
      { ...repoAdminBotInstallation, permissions: { administration: 'read', secrets: 'read', workflows: 'read' } },
      { ...ctx, app: repoAdminBotApp },
    );
    const patOnAll = patGrants.transform(
      { ...grantNoExpiry, permissions: { repository: { workflows: 'write', administration: 'write' } } },
      ctx,
    );
    expect(firingIds(appOrgWideSensitiveWrite, [selected, readOnly, patOnAll])).toEqual([]);
  });
});

describe('github-deploy-key-write', () => {
  it('fires on a deploy key with read_only false, disabled or not', () => {
    expect(firingIds(deployKeyWrite)).toEqual([id('deploy_key', 77000000)]);
    const disabled = deployKeys.transform({ ...writableDeployKey, id: 1, enabled: false }, { ...ctx, repo });
    const [hit] = hits(deployKeyWrite, [disabled]);
    expect(hit.evidence).toEqual([
      {
        field: 'attributes.readOnly',
        value: false,
        source: 'deploy key read_only false per github inventory (deploy_key)',
      },
    ]);
  });

  it('stays silent on read-only deploy keys', () => {
    expect(
      firingIds(deployKeyWrite, [deployKeys.transform({ ...writableDeployKey, read_only: true }, { ...ctx, repo })]),
    ).toEqual([]);
  });
});

describe('github-actions-secret-stale', () => {
  it('fires on org, repo and environment secrets whose value was set more than rotationDays ago', () => {
    expect(firingIds(actionsSecretStale)).toEqual([
      id('environment_secret', 'api/production/PROD_DB_PASSWORD'),
      id('org_secret', 'ORG_AWS_SECRET_ACCESS_KEY'),
      id('repo_secret', 'api/NPM_TOKEN'),
    ]);
    const stale = hits(actionsSecretStale, fixtureIdentities()).find((h) => h.identity.nativeType === 'repo_secret')!;
    expect(stale.evidence).toEqual([
      {
        field: 'attributes.updatedAt',
        value: '2024-11-01T00:00:00.000Z',
        source: 'secret last updated 2024-11-01 (730 days ago, threshold 365) per github inventory (repo_secret)',
      },
    ]);
  });

  it('stays silent on secrets updated within rotationDays, whatever their creation date', () => {
    const ids = firingIds(actionsSecretStale);
    expect(ids).not.toContain(id('org_secret', 'ORG_DOCKERHUB_TOKEN'));
    expect(ids).not.toContain(id('repo_secret', 'web/SENTRY_AUTH_TOKEN')); // created 2024, updated 2026-10
    expect(ids).not.toContain(id('environment_secret', 'api/preview/eu/PREVIEW_DEPLOY_TOKEN')); // updated 2026-09
  });

  it('leaves Dependabot and Codespaces secrets to their own rule', () => {
    expect(firingIds(actionsSecretStale).filter((i) => /:(dependabot|codespaces)_/.test(i))).toEqual([]);
  });
});

describe('github-dependabot-codespaces-secret-stale', () => {
  it('fires on Dependabot (org and repo) and Codespaces org secrets set more than rotationDays ago', () => {
    expect(firingIds(dependabotCodespacesSecretStale)).toEqual([
      id('codespaces_org_secret', 'DEV_AWS_ACCESS_KEY'),
      id('dependabot_org_secret', 'ARTIFACTORY_PASSWORD'),
      id('dependabot_repo_secret', 'api/MAVEN_PASSWORD'),
    ]);
    const [hit] = hits(dependabotCodespacesSecretStale, [
      dependabotSecrets.transformRepo(staleDependabotRepoSecret, { ...ctx, repo }),
    ]);
    expect(hit.evidence).toEqual([
      {
        field: 'attributes.updatedAt',
        value: '2023-02-01T00:00:00.000Z',
        source:
          'secret last updated 2023-02-01 (1369 days ago, threshold 365) per github inventory (dependabot_repo_secret)',
      },
    ]);
  });

  it('stays silent on a rotated secret and on Actions secrets, and falls back to created_at when updated_at is unreadable', () => {
    expect(firingIds(dependabotCodespacesSecretStale)).not.toContain(id('dependabot_org_secret', 'NPM_REGISTRY_TOKEN'));
    expect(firingIds(dependabotCodespacesSecretStale).filter((i) => /:(org|repo|environment)_secret:/.test(i))).toEqual(
      [],
    );
    const unreadable = codespacesSecrets.transform(
      { ...staleCodespacesOrgSecret, created_at: '2026-10-01T00:00:00Z', updated_at: 'not a date' },
      ctx,
    );
    expect(firingIds(dependabotCodespacesSecretStale, [unreadable])).toEqual([]);
    const old = dependabotSecrets.transformOrg(
      { ...freshDependabotOrgSecret, created_at: '2020-01-01T00:00:00Z', updated_at: '' },
      ctx,
    );
    expect(firingIds(dependabotCodespacesSecretStale, [old])).toEqual([
      id('dependabot_org_secret', 'NPM_REGISTRY_TOKEN'),
    ]);
  });
});

describe('github-pat-no-expiry', () => {
  it('fires on fine-grained PAT grants and SSO-authorized classic PATs without expiry', () => {
    expect(firingIds(patNoExpiry)).toEqual([id('credential_authorization', 161195), id('pat_grant', 25381)]);
  });

  it('stays silent on expiring or expired tokens, pending requests, SSH keys and OAuth tokens', () => {
    const ids = new Set(firingIds(patNoExpiry));
    for (const silent of [
      id('pat_grant', 25386), // expires 2026-12-31
      id('pat_grant', 25391), // expired
      id('pat_request', 1700000), // no expiry, but not granted
      id('credential_authorization', 161198), // classic PAT with expiry
      id('credential_authorization', 161201), // SSH key
      id('credential_authorization', 161204), // OAuth app token
    ])
      expect(ids.has(silent), silent).toBe(false);
    const withExpiry = patGrants.transform({ ...grantNoExpiry, token_expires_at: '2027-01-01T00:00:00Z' }, ctx);
    expect(firingIds(patNoExpiry, [withExpiry])).toEqual([]);
  });
});

describe('github-webhook-insecure', () => {
  it('fires on http:// receivers and on insecure_ssl "1" (inactive hooks included)', () => {
    expect(firingIds(webhookInsecure)).toEqual([id('org_hook', 400000000), id('org_hook', 400000022)]);
    const byId = new Map(hits(webhookInsecure, fixtureIdentities()).map((h) => [h.identity.id, h.evidence]));
    expect(byId.get(id('org_hook', 400000000))).toEqual([
      {
        field: 'attributes.url',
        value: 'http://audit-sink.acme.example.test/hooks',
        source: 'webhook config url per github inventory (org_hook)',
      },
    ]);
    expect(byId.get(id('org_hook', 400000022))).toEqual([
      {
        field: 'attributes.insecureSsl',
        value: '1',
        source: 'webhook config insecure_ssl per github inventory (org_hook)',
      },
    ]);
  });

  it('stays silent on verified https:// hooks, including insecure_ssl sent as the number 0', () => {
    const numericZero = orgHooks.transform(
      { ...secureOrgHook, config: { ...secureOrgHook.config, insecure_ssl: 0 } },
      ctx,
    );
    expect(firingIds(webhookInsecure, [numericZero])).toEqual([]);
    expect(firingIds(webhookInsecure)).not.toContain(id('repo_hook', 400000011));
  });
});

describe('GitHub rules read typed facts', () => {
  it('see only their declared nativeTypes', () => {
    const hook = orgHooks.transform({ ...secureOrgHook, config: { url: 'http://x.example.test' } }, ctx);
    expect(firingIds(webhookInsecure, [{ ...hook, nativeType: 'hook' }])).toEqual([]);
  });

  it('cannot read an attribute the facts do not declare (checked by tsc)', () => {
    const probe = platformRule(githubFacts, {
      meta: webhookInsecure.meta,
      nativeTypes: ['org_hook'],
      evaluate(v) {
        // @ts-expect-error GitHub's facts spell it insecureSsl (a boolean); the vendor spelling is not an attribute.
        return v.attributes.insecure_ssl === '1' ? [] : null;
      },
    });
    expect(firingIds(probe)).toEqual([]);
  });
});
