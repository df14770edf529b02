import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Identity, Person } from '../../../model/index.js';
import * as codespacesSecrets from './codespaces-secrets.js';
import * as credentialAuthorizations from './credential-authorizations.js';
import * as dependabotSecrets from './dependabot-secrets.js';
import * as deployKeys from './deploy-keys.js';
import * as environmentSecrets from './environment-secrets.js';
import * as installations from './installations.js';
import * as members from './members.js';
import * as orgHooks from './org-hooks.js';
import * as orgSecrets from './org-secrets.js';
import * as patGrants from './personal-access-tokens.js';
import * as patRequests from './pat-requests.js';
import * as repoHooks from './repo-hooks.js';
import * as repoSecrets from './repo-secrets.js';
import type {
  GhApp,
  GhCredentialAuthorization,
  GhDeployKey,
  GhHook,
  GhInstallation,
  GhOrgSecret,
  GhPatGrant,
  GhPatRequest,
  GhRepoSecret,
  GhSimpleUser,
} from './wire.js';
import { corporaDir } from '../../../testing/corpora.js';
import { factsProblems } from '../fixtures/facts-check.js';

/** Feeds GitHub's own example payloads (from the GHEC OpenAPI description) through the pure transforms. */
const corpora = corporaDir();
const example = <T>(operation: string, status = 200): T => {
  const file = join(corpora, 'github-rest-openapi', 'examples', `${operation}.${status}.json`);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { examples: Record<string, T> };
  return doc.examples.default ?? Object.values(doc.examples)[0];
};
const ctx = { org: 'octo-org' };
const repo = { name: 'Hello-World', full_name: 'octocat/Hello-World' };

describe('GitHub transforms on the vendor example payloads', () => {
  it('orgs/list-app-installations + apps/get-by-slug', () => {
    const body = example<{ total_count: number; installations: GhInstallation[] }>('orgs__list-app-installations');
    const app = example<GhApp>('apps__get-by-slug');
    expect(body.installations.length).toBeGreaterThan(0);
    for (const raw of body.installations) {
      const out = Identity.parse(installations.transform(raw, { ...ctx, app }));
      expect(out.id).toBe(`github:octo-org:installation:${raw.id}`);
      expect(out.name).toBe(raw.app_slug);
      expect(out.kind).toBe('oauth_app');
      expect(out.createdAt).toBe(new Date(raw.created_at).toISOString());
      expect(out.enabled).toBe(raw.suspended_at === null);
      expect(out.permissions.map((p) => p.nativeName).sort()).toEqual(
        Object.entries(raw.permissions)
          .map(([k, v]) => `${k}:${v}`)
          .sort(),
      );
      expect(out.attributes.repositorySelection).toBe(raw.repository_selection);
      // The example App is owned by the user octocat: third party for octo-org, and never a verified publisher.
      expect(out.thirdParty).toBe(true);
      expect(out.publisher).toEqual({ name: 'octocat', verified: false, domain: 'example.com' });
    }
  });

  it('orgs/list-saml-sso-authorizations covers every credential type', () => {
    const list = example<GhCredentialAuthorization[]>('orgs__list-saml-sso-authorizations');
    const kinds = new Map<string, string>();
    for (const raw of list) {
      const out = Identity.parse(credentialAuthorizations.transform(raw, ctx));
      kinds.set(raw.credential_type, out.kind);
      expect(out.id).toBe(`github:octo-org:credential_authorization:${raw.credential_id}`);
      expect(out.lastUsedAt).toBe(
        raw.credential_accessed_at ? new Date(raw.credential_accessed_at).toISOString() : null,
      );
      expect(out.credentials[0].type).toBe(raw.credential_type === 'SSH key' ? 'ssh_key' : 'token');
      expect(out.credentials[0].expiresAt).toBe(
        raw.authorized_credential_expires_at ? new Date(raw.authorized_credential_expires_at).toISOString() : null,
      );
      expect(out.permissions.map((p) => p.nativeName)).toEqual(raw.scopes ?? []);
      expect(out.ownerClaims[0]).toMatchObject({ ref: raw.login, refType: 'login' });
      if (raw.credential_type === 'SSH key') expect(out.credentials[0].fingerprint).toBe(raw.fingerprint);
    }
    expect(Object.fromEntries(kinds)).toEqual({
      'personal access token': 'personal_access_token',
      'OAuth app token': 'oauth_grant',
      'GitHub app token': 'oauth_grant',
      'SSH key': 'api_key',
    });
  });

  it('orgs/list-pat-grants and orgs/list-pat-grant-requests', () => {
    for (const raw of example<GhPatGrant[]>('orgs__list-pat-grants')) {
      const out = Identity.parse(patGrants.transform(raw, ctx));
      expect(out).toMatchObject({
        id: `github:octo-org:pat_grant:${raw.id}`,
        name: raw.token_name,
        enabled: true,
        createdAt: new Date(raw.access_granted_at).toISOString(),
      });
      expect(out.credentials[0].expiresAt).toBe(
        raw.token_expires_at ? new Date(raw.token_expires_at).toISOString() : null,
      );
      expect(out.lastUsedAt).toBe(raw.token_last_used_at);
      expect(out.permissions.map((p) => p.nativeName).sort()).toEqual(['members:read', 'metadata:read']);
      expect(out.ownerClaims[0].ref).toBe(raw.owner.login);
    }
    for (const raw of example<GhPatRequest[]>('orgs__list-pat-grant-requests')) {
      const out = Identity.parse(patRequests.transform(raw, ctx));
      expect(out).toMatchObject({
        id: `github:octo-org:pat_request:${raw.id}`,
        enabled: false,
        createdAt: new Date(raw.created_at).toISOString(),
        attributes: { reason: raw.reason },
      });
    }
  });

  it('repos/list-deploy-keys', () => {
    for (const raw of example<GhDeployKey[]>('repos__list-deploy-keys')) {
      const out = Identity.parse(deployKeys.transform(raw, { ...ctx, repo }));
      expect(out).toMatchObject({
        id: `github:octo-org:deploy_key:${raw.id}`,
        name: raw.title,
        kind: 'deploy_key',
        enabled: raw.enabled,
        lastUsedAt: new Date(raw.last_used!).toISOString(),
      });
      expect(out.permissions[0].nativeName).toBe(raw.read_only ? 'contents:read' : 'contents:write');
      expect(out.ownerClaims[0]).toMatchObject({ ref: raw.added_by, source: 'creator' });
      expect(out.credentials[0].fingerprint).toMatch(/^SHA256:/);
    }
  });

  it('actions/list-org-secrets and actions/list-repo-secrets', () => {
    const org = example<{ secrets: GhOrgSecret[] }>('actions__list-org-secrets').secrets;
    expect(
      org
        .map((s) => Identity.parse(orgSecrets.transform(s, ctx)))
        .map((i) => [i.id, i.attributes.visibility, i.credentials[0].createdAt]),
    ).toEqual(
      org.map((s) => [`github:octo-org:org_secret:${s.name}`, s.visibility, new Date(s.updated_at).toISOString()]),
    );
    const rs = example<{ secrets: GhRepoSecret[] }>('actions__list-repo-secrets').secrets;
    for (const s of rs)
      expect(Identity.parse(repoSecrets.transform(s, { ...ctx, repo })).id).toBe(
        `github:octo-org:repo_secret:Hello-World/${s.name}`,
      );
  });

  it('dependabot/list-org-secrets, dependabot/list-repo-secrets and codespaces/list-org-secrets', () => {
    const dOrg = example<{ total_count: number; secrets: GhOrgSecret[] }>('dependabot__list-org-secrets');
    expect(dOrg.secrets.length).toBe(dOrg.total_count);
    expect(
      dOrg.secrets
        .map((s) => Identity.parse(dependabotSecrets.transformOrg(s, ctx)))
        .map((i) => [i.id, i.kind, i.attributes.visibility, i.attributes.updatedAt, i.credentials[0].createdAt]),
    ).toEqual(
      dOrg.secrets.map((s) => [
        `github:octo-org:dependabot_org_secret:${s.name}`,
        'secret',
        s.visibility,
        new Date(s.updated_at).toISOString(),
        new Date(s.updated_at).toISOString(),
      ]),
    );
    // GH_TOKEN is both an Actions and a Dependabot org secret in GitHub's examples: two stores, two identities.
    const actions = example<{ secrets: GhOrgSecret[] }>('actions__list-org-secrets').secrets;
    const both = actions.find((a) => dOrg.secrets.some((d) => d.name === a.name))!;
    expect(orgSecrets.transform(both, ctx).id).not.toBe(
      dependabotSecrets.transformOrg(dOrg.secrets.find((d) => d.name === both.name)!, ctx).id,
    );
    const dRepo = example<{ secrets: GhRepoSecret[] }>('dependabot__list-repo-secrets').secrets;
    expect(dRepo.map((s) => Identity.parse(dependabotSecrets.transformRepo(s, { ...ctx, repo })))).toMatchObject(
      dRepo.map((s) => ({
        id: `github:octo-org:dependabot_repo_secret:Hello-World/${s.name}`,
        createdAt: new Date(s.created_at).toISOString(),
        attributes: { scope: 'repository', repository: 'octocat/Hello-World' },
      })),
    );
    const cOrg = example<{ secrets: GhOrgSecret[] }>('codespaces__list-org-secrets').secrets;
    expect(cOrg.map((s) => Identity.parse(codespacesSecrets.transform(s, ctx)))).toMatchObject(
      cOrg.map((s) => ({
        id: `github:octo-org:codespaces_org_secret:${s.name}`,
        attributes: { scope: 'organization', visibility: s.visibility },
      })),
    );
  });

  it('actions/list-environment-secrets', () => {
    const env = example<{ total_count: number; secrets: GhRepoSecret[] }>('actions__list-environment-secrets');
    expect(env.secrets.length).toBe(env.total_count);
    for (const secret of env.secrets) {
      const out = Identity.parse(environmentSecrets.transform({ environment: 'production', secret }, { ...ctx, repo }));
      expect(out).toMatchObject({
        id: `github:octo-org:environment_secret:Hello-World/production/${secret.name}`,
        name: secret.name,
        kind: 'secret',
        createdAt: new Date(secret.created_at).toISOString(),
        attributes: {
          scope: 'environment',
          repository: 'octocat/Hello-World',
          environment: 'production',
          updatedAt: new Date(secret.updated_at).toISOString(),
        },
      });
      expect(out.credentials).toMatchObject([
        { type: 'secret_value', createdAt: new Date(secret.updated_at).toISOString() },
      ]);
    }
  });

  it('orgs/list-webhooks and repos/list-webhooks', () => {
    const [oh] = example<GhHook[]>('orgs__list-webhooks');
    const o = Identity.parse(orgHooks.transform(oh, ctx));
    expect(o).toMatchObject({
      id: `github:octo-org:org_hook:${oh.id}`,
      name: 'http://example.com',
      kind: 'webhook',
      enabled: true,
      attributes: { scheme: 'http', insecureSsl: false, hasSecret: false },
    });
    expect(o.permissions.map((p) => p.nativeName)).toEqual(['event:push', 'event:pull_request']);
    const [rh] = example<GhHook[]>('repos__list-webhooks');
    const r = Identity.parse(repoHooks.transform(rh, { ...ctx, repo }));
    expect(r).toMatchObject({
      id: `github:octo-org:repo_hook:${rh.id}`,
      name: 'https://example.com/webhook',
      attributes: { lastResponse: { code: null, status: 'unused', message: null }, repository: 'octocat/Hello-World' },
    });
  });

  it('orgs/list-members', () => {
    for (const raw of example<GhSimpleUser[]>('orgs__list-members')) {
      const p = Person.parse(members.transform(raw, ctx));
      expect(p).toMatchObject({
        id: `github:octo-org:person:${raw.id}`,
        login: raw.login,
        email: null,
        source: 'github',
      });
    }
  });

  it('every identity the vendor examples produce satisfies the typed facts (what the sink validates)', () => {
    const installationsBody = example<{ installations: GhInstallation[] }>('orgs__list-app-installations');
    const app = example<GhApp>('apps__get-by-slug');
    const identities = [
      ...installationsBody.installations.map((raw) => installations.transform(raw, { ...ctx, app })),
      ...example<GhCredentialAuthorization[]>('orgs__list-saml-sso-authorizations').map((raw) =>
        credentialAuthorizations.transform(raw, ctx),
      ),
      ...example<GhPatGrant[]>('orgs__list-pat-grants').map((raw) => patGrants.transform(raw, ctx)),
      ...example<GhPatRequest[]>('orgs__list-pat-grant-requests').map((raw) => patRequests.transform(raw, ctx)),
      ...example<GhDeployKey[]>('repos__list-deploy-keys').map((raw) => deployKeys.transform(raw, { ...ctx, repo })),
      ...example<{ secrets: GhOrgSecret[] }>('actions__list-org-secrets').secrets.map((raw) =>
        orgSecrets.transform(raw, ctx),
      ),
      ...example<{ secrets: GhRepoSecret[] }>('actions__list-repo-secrets').secrets.map((raw) =>
        repoSecrets.transform(raw, { ...ctx, repo }),
      ),
      ...example<GhHook[]>('orgs__list-webhooks').map((raw) => orgHooks.transform(raw, ctx)),
      ...example<GhHook[]>('repos__list-webhooks').map((raw) => repoHooks.transform(raw, { ...ctx, repo })),
      ...example<{ secrets: GhOrgSecret[] }>('dependabot__list-org-secrets').secrets.map((raw) =>
        dependabotSecrets.transformOrg(raw, ctx),
      ),
      ...example<{ secrets: GhRepoSecret[] }>('dependabot__list-repo-secrets').secrets.map((raw) =>
        dependabotSecrets.transformRepo(raw, { ...ctx, repo }),
      ),
      ...example<{ secrets: GhOrgSecret[] }>('codespaces__list-org-secrets').secrets.map((raw) =>
        codespacesSecrets.transform(raw, ctx),
      ),
      ...example<{ secrets: GhRepoSecret[] }>('actions__list-environment-secrets').secrets.map((secret) =>
        environmentSecrets.transform({ environment: 'staging', secret }, { ...ctx, repo }),
      ),
    ];
    expect(new Set(identities.map((i) => i.nativeType)).size).toBe(13);
    expect(identities.flatMap(factsProblems)).toEqual([]);
  });
});
