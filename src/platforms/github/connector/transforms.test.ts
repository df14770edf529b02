import { describe, expect, it } from 'vitest';
import { Identity, Person } from '../../../model/index.js';
import * as credentialAuthorizations from './credential-authorizations.js';
import * as deployKeys from './deploy-keys.js';
import * as installations from './installations.js';
import * as members from './members.js';
import * as orgHooks from './org-hooks.js';
import * as orgSecrets from './org-secrets.js';
import * as patGrants from './personal-access-tokens.js';
import * as patRequests from './pat-requests.js';
import * as repoHooks from './repo-hooks.js';
import * as repoSecrets from './repo-secrets.js';
import { iso, safeUrl } from './common.js';
import { appPermissionAccess, classicScopeAccess } from './permission-map.js';
import type {
  GhApp,
  GhCredentialAuthorization,
  GhDeployKey,
  GhHook,
  GhInstallation,
  GhPatGrant,
  GhPatRequest,
} from './wire.js';

// Saved payloads (synthetic values, GitHub's field names), as the API returned them.
const ctx = { org: 'acme-corp' };
const repo = { name: 'api', full_name: 'acme-corp/api' };

const installation: GhInstallation = {
  id: 48211234,
  app_id: 301122,
  app_slug: 'ci-deployer',
  client_id: 'Iv23liABCDEF12345678',
  account: { login: 'acme-corp', id: 9912345, type: 'Organization' },
  target_id: 9912345,
  target_type: 'Organization',
  repository_selection: 'all',
  permissions: { contents: 'write', metadata: 'read', administration: 'write', members: 'write' },
  events: ['push'],
  created_at: '2024-03-01T10:00:00Z',
  updated_at: '2024-06-01T10:00:00Z',
  single_file_name: null,
  suspended_by: { login: 'jdoe', id: 1 },
  suspended_at: '2024-07-01T00:00:00-07:00',
};
const userOwnedApp: GhApp = {
  id: 301122,
  slug: 'ci-deployer',
  name: 'CI Deployer',
  owner: { login: 'someone', id: 5, type: 'User' },
  external_url: 'https://ci.example.com/x',
};

describe('GitHub transforms (pure, saved payloads)', () => {
  it('installation → oauth_app with mapped permissions, publisher and suspension', () => {
    const out = Identity.parse(installations.transform(installation, { ...ctx, app: userOwnedApp }));
    expect(out.id).toBe('github:acme-corp:installation:48211234');
    expect(out.kind).toBe('oauth_app');
    expect(out.enabled).toBe(false);
    expect(out.thirdParty).toBe(true);
    expect(out.publisher).toEqual({ name: 'someone', verified: false, domain: 'ci.example.com' });
    expect(out.createdAt).toBe('2024-03-01T10:00:00.000Z');
    expect(out.attributes.suspendedAt).toBe('2024-07-01T07:00:00.000Z');
    const perms = Object.fromEntries(out.permissions.map((p) => [p.nativeName, p]));
    expect(perms['administration:write']).toMatchObject({
      access: 'write',
      sensitivity: 'high',
      pathToAdmin: false,
      resource: '*',
    });
    expect(perms['members:write']).toMatchObject({ access: 'write', pathToAdmin: true });
    expect(perms['metadata:read']).toMatchObject({ access: 'read', sensitivity: 'low' });
    expect(out.ownerClaims).toEqual([]);
  });

  it('installation of a first-party App is not third party; unknown App leaves publisher null', () => {
    const firstParty = installations.transform(
      { ...installation, suspended_at: null, repository_selection: 'selected' },
      { ...ctx, app: { ...userOwnedApp, owner: { login: 'ACME-corp', id: 9, type: 'Organization' } } },
    );
    expect(firstParty.thirdParty).toBe(false);
    expect(firstParty.enabled).toBe(true);
    expect(firstParty.permissions?.[0].resource).toBe('selected repositories');
    const unknown = installations.transform(installation, { ...ctx, app: null });
    expect(unknown.publisher).toBeNull();
    expect(unknown.thirdParty).toBe(false);
  });

  it('credential authorization (PAT) → personal_access_token with scopes, expiry and owner login', () => {
    const raw: GhCredentialAuthorization = {
      login: 'jdoe',
      credential_id: 161195,
      credential_type: 'personal access token',
      token_last_eight: '71c3fc11',
      credential_authorized_at: '2024-01-26T19:06:43Z',
      credential_accessed_at: null,
      authorized_credential_id: 12345678,
      authorized_credential_note: 'deploy bot',
      authorized_credential_expires_at: null,
      scopes: ['repo', 'admin:org'],
    };
    const out = Identity.parse(credentialAuthorizations.transform(raw, ctx));
    expect(out).toMatchObject({
      id: 'github:acme-corp:credential_authorization:161195',
      kind: 'personal_access_token',
      name: 'jdoe/deploy bot',
      lastUsedAt: null,
      lastUsedSource: 'credential_accessed_at',
    });
    expect(out.credentials).toHaveLength(1);
    expect(out.credentials[0]).toMatchObject({
      id: `${out.id}#token`,
      type: 'token',
      expiresAt: null,
      fingerprint: null,
      attributes: { supportsExpiry: true, tokenLastEight: '71c3fc11' },
    });
    expect(out.permissions.find((p) => p.nativeName === 'admin:org')).toMatchObject({
      access: 'admin',
      pathToAdmin: true,
    });
    expect(out.ownerClaims).toEqual([
      {
        ref: 'jdoe',
        refType: 'login',
        source: 'creator',
        confidence: 0.9,
        evidence: 'credential-authorizations login',
      },
    ]);
  });

  it('credential authorization (SSH key / OAuth token) → api_key with fingerprint / oauth_grant by consenting user', () => {
    const ssh = Identity.parse(
      credentialAuthorizations.transform(
        {
          login: 'ann',
          credential_id: 7,
          credential_type: 'SSH key',
          credential_authorized_at: '2023-05-15T19:06:43Z',
          credential_accessed_at: '2023-05-16T19:06:43Z',
          authorized_credential_id: 9,
          authorized_credential_title: 'laptop',
          fingerprint: 'SHA256:abc',
          scopes: [],
        },
        ctx,
      ),
    );
    expect(ssh.kind).toBe('api_key');
    expect(ssh.credentials[0]).toMatchObject({
      type: 'ssh_key',
      fingerprint: 'SHA256:abc',
      attributes: { supportsExpiry: false },
    });
    const oauth = Identity.parse(
      credentialAuthorizations.transform(
        {
          login: 'ann',
          credential_id: 8,
          credential_type: 'OAuth app token',
          credential_authorized_at: '2023-05-15T19:06:43Z',
          credential_accessed_at: null,
          authorized_credential_id: 10,
          scopes: ['repo'],
        },
        ctx,
      ),
    );
    expect(oauth.kind).toBe('oauth_grant');
    expect(oauth.ownerClaims[0].source).toBe('consenting_user');
    expect(oauth.name).toBe('ann/OAuth app token');
  });

  const grant: GhPatGrant = {
    id: 25381,
    owner: { login: 'jdoe', id: 1001, type: 'User' },
    repository_selection: 'subset',
    permissions: { organization: { members: 'read' }, repository: { contents: 'write', metadata: 'read' } },
    access_granted_at: '2024-05-16T08:47:09.000-07:00',
    token_id: 98716,
    token_name: 'release-script',
    token_expired: true,
    token_expires_at: '2024-11-16T08:47:09.000-07:00',
    token_last_used_at: '2024-06-02T11:00:00Z',
  };
  it('fine-grained PAT grant → enabled identity; an expired token is a disabled credential', () => {
    const out = Identity.parse(patGrants.transform(grant, ctx));
    expect(out).toMatchObject({
      id: 'github:acme-corp:pat_grant:25381',
      kind: 'personal_access_token',
      name: 'release-script',
      enabled: true,
      createdAt: '2024-05-16T15:47:09.000Z',
      lastUsedAt: '2024-06-02T11:00:00.000Z',
    });
    expect(out.credentials[0]).toMatchObject({
      id: `${out.id}#token`,
      enabled: false,
      expiresAt: '2024-11-16T15:47:09.000Z',
      attributes: { supportsExpiry: true },
    });
    expect(out.permissions.map((p) => [p.nativeName, p.resource, p.attributes.group])).toEqual([
      ['members:read', '*', 'organization'],
      ['contents:write', 'selected repositories', 'repository'],
      ['metadata:read', 'selected repositories', 'repository'],
    ]);
    expect(out.ownerClaims[0]).toMatchObject({ ref: 'jdoe', source: 'creator' });
  });

  it('fine-grained PAT request → disabled identity with the reason', () => {
    const req: GhPatRequest = {
      ...grant,
      id: 9,
      reason: 'CI',
      created_at: '2024-06-01T00:00:00Z',
      token_expired: false,
    };
    delete (req as Partial<GhPatGrant>).access_granted_at;
    const out = Identity.parse(patRequests.transform(req, ctx));
    expect(out).toMatchObject({
      id: 'github:acme-corp:pat_request:9',
      enabled: false,
      createdAt: '2024-06-01T00:00:00.000Z',
      attributes: { reason: 'CI' },
    });
    expect(out.credentials[0].enabled).toBe(false);
  });

  it('deploy key → deploy_key with fingerprint, repository and added_by claim', () => {
    const raw: GhDeployKey = {
      id: 77,
      key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
      url: 'x',
      title: 'argo-cd',
      verified: true,
      created_at: '2023-12-10T15:53:42Z',
      read_only: false,
      added_by: 'jdoe',
      last_used: null,
      enabled: true,
    };
    const out = Identity.parse(deployKeys.transform(raw, { ...ctx, repo }));
    expect(out).toMatchObject({
      id: 'github:acme-corp:deploy_key:77',
      kind: 'deploy_key',
      lastUsedAt: null,
      lastUsedSource: 'deploy_key.last_used',
      attributes: { repository: 'acme-corp/api', readOnly: false },
    });
    expect(out.credentials[0].fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(out.permissions).toMatchObject([
      { nativeName: 'contents:write', access: 'write', resource: 'acme-corp/api' },
    ]);
    expect(out.ownerClaims).toMatchObject([{ ref: 'jdoe', source: 'creator' }]);
    const noAdder = deployKeys.transform({ ...raw, added_by: null, read_only: true, enabled: false }, { ...ctx, repo });
    expect(noAdder.ownerClaims).toEqual([]);
    expect(noAdder.enabled).toBe(false);
    expect(noAdder.permissions?.[0].nativeName).toBe('contents:read');
  });

  it('Actions secrets → secret identities; the value-set time (updated_at) dates the credential', () => {
    const org = Identity.parse(
      orgSecrets.transform(
        {
          name: 'NPM_TOKEN',
          created_at: '2020-01-10T10:59:22Z',
          updated_at: '2021-01-10T10:59:22Z',
          visibility: 'selected',
        },
        ctx,
      ),
    );
    expect(org).toMatchObject({
      id: 'github:acme-corp:org_secret:NPM_TOKEN',
      kind: 'secret',
      createdAt: '2020-01-10T10:59:22.000Z',
      attributes: { visibility: 'selected' },
    });
    expect(org.credentials[0]).toMatchObject({ type: 'secret_value', createdAt: '2021-01-10T10:59:22.000Z' });
    const r = Identity.parse(
      repoSecrets.transform(
        { name: 'GH_TOKEN', created_at: '2019-01-24T10:59:22Z', updated_at: '2020-01-24T10:59:22Z' },
        { ...ctx, repo },
      ),
    );
    expect(r.id).toBe('github:acme-corp:repo_secret:api/GH_TOKEN');
    expect(r.attributes.repository).toBe('acme-corp/api');
  });

  it('webhooks: secret never stored, URL sanitised, insecure flags kept', () => {
    const hook: GhHook = {
      id: 1,
      name: 'web',
      active: true,
      events: ['push', 'pull_request'],
      config: {
        url: 'http://user:pw@hooks.example.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX?token=abc',
        content_type: 'json',
        insecure_ssl: '1',
        secret: '********',
      },
      created_at: '2011-09-06T17:26:27Z',
      updated_at: '2011-09-06T20:39:23Z',
      last_response: { code: null, status: 'unused', message: null },
    };
    const out = Identity.parse(repoHooks.transform(hook, { ...ctx, repo }));
    expect(out.name).toBe('http://hooks.example.com/services/T000/B000/****');
    expect(out.attributes).toMatchObject({
      insecureSsl: true,
      scheme: 'http',
      hasSecret: true,
      repository: 'acme-corp/api',
    });
    expect(out.credentials).toMatchObject([
      { id: 'github:acme-corp:repo_hook:1#webhook_secret', type: 'webhook_secret' },
    ]);
    const text = JSON.stringify(out);
    expect(text).not.toContain('********');
    expect(text).not.toContain('token=abc');
    expect(text).not.toContain('pw@');
    const org = Identity.parse(
      orgHooks.transform({ ...hook, config: { url: 'https://x.example.com/h', insecure_ssl: 0 } }, ctx),
    );
    expect(org.credentials).toEqual([]);
    expect(org.attributes.insecureSsl).toBe(false);
    expect(org.nativeType).toBe('org_hook');
  });

  it('members → people with lower-cased email where GitHub exposes one', () => {
    const p = Person.parse(
      members.transform({ login: 'jdoe', id: 1001, email: 'J.Doe@Acme.test', name: 'J Doe', type: 'User' }, ctx),
    );
    expect(p).toMatchObject({
      id: 'github:acme-corp:person:1001',
      source: 'github',
      login: 'jdoe',
      email: 'j.doe@acme.test',
      status: 'active',
    });
    expect(members.transform({ login: 'x', id: 2 }, ctx).email).toBeNull();
  });

  it('helpers: iso normalises offsets and rejects garbage; mapping tables default sensibly', () => {
    expect(iso('2023-05-16T08:47:09.000-07:00')).toBe('2023-05-16T15:47:09.000Z');
    expect(iso('not a date')).toBeNull();
    expect(iso(null)).toBeNull();
    expect(safeUrl('nonsense')).toBe('(invalid url)');
    expect(appPermissionAccess('brand_new_permission', 'write')).toEqual({
      access: 'write',
      sensitivity: 'medium',
      pathToAdmin: false,
    });
    expect(classicScopeAccess('unknown:scope')).toEqual({ access: 'read', sensitivity: 'medium', pathToAdmin: false });
  });
});
