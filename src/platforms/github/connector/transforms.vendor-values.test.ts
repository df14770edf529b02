import { describe, expect, it } from 'vitest';
import { Identity } from '../../../model/index.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import * as credentialAuthorizations from './credential-authorizations.js';
import * as deployKeys from './deploy-keys.js';
import * as installations from './installations.js';
import * as members from './members.js';
import * as orgHooks from './org-hooks.js';
import * as orgSecrets from './org-secrets.js';
import * as patGrants from './personal-access-tokens.js';
import * as repositories from './repositories.js';

/**
 * Issue #12 item 11: a value of the wrong type where GitHub documents a permission level, a scope or an event is not
 * one, and must not become a permission; an object without its id is refused (quarantined), never stored as
 * "undefined". Hand-written payloads in GitHub's documented shapes (installation, PAT grant, credential
 * authorization, webhook), with the wrong values put where a replay found them.
 */
const ctx = { org: 'acme-corp' };
const repo = { ...ctx, repo: { name: 'api', full_name: 'acme-corp/api' } };

const installation = {
  id: 48211234,
  app_id: 301122,
  app_slug: 'ci-deployer',
  account: { login: 'acme-corp', id: 9912345, type: 'Organization' },
  repository_selection: 'selected',
  permissions: { contents: 5, metadata: 'read', issues: null, checks: { level: 'write' }, pages: '' },
  events: ['push', 7, null],
  created_at: '2024-03-01T10:00:00Z',
  updated_at: '2024-06-01T10:00:00Z',
  suspended_at: null,
  suspended_by: null,
};

const patGrant = {
  id: 25381,
  owner: { login: 'octocat', id: 1, type: 'User' },
  repository_selection: 'subset',
  permissions: { organization: null, repository: { contents: 5, metadata: 'read' }, other: 'write' },
  access_granted_at: '2024-05-16T08:47:09.000-07:00',
  token_id: 98716,
  token_name: 'release-script',
  token_expired: false,
  token_expires_at: null,
  token_last_used_at: null,
};

const names = (out: ReturnType<typeof Identity.parse>) => out.permissions.map((p) => p.nativeName);

describe('GitHub transforms on wrong-typed vendor values', () => {
  it('an installation keeps only its string permission levels: {"contents": 5}, null, objects and "" are not permissions', () => {
    const out = Identity.parse(installations.transform(installation as never, { ...ctx, app: null }));
    expect(names(out)).toEqual(['metadata:read']);
    expect(out.attributes.events).toEqual(['push']);
  });

  it('an installation whose permissions are null, a string or a list has no permissions', () => {
    for (const permissions of [null, 'write', ['contents:write']]) {
      const out = Identity.parse(installations.transform({ ...installation, permissions } as never, ctx));
      expect(names(out), JSON.stringify(permissions)).toEqual([]);
    }
  });

  it('a fine-grained PAT grant keeps only string levels of its object groups', () => {
    const out = Identity.parse(patGrants.transform(patGrant as never, ctx));
    expect(names(out)).toEqual(['metadata:read']);
    expect(out.permissions[0]).toMatchObject({ resource: 'selected repositories', access: 'read' });
  });

  it('a credential authorization and a webhook keep only string scopes and events', () => {
    const authorization = {
      login: 'octocat',
      credential_id: 161717,
      credential_type: 'personal access token',
      credential_authorized_at: '2024-01-26T19:06:43Z',
      credential_accessed_at: null,
      authorized_credential_id: 12345678,
      scopes: ['repo', 5, null, 'read:org'],
    };
    expect(names(Identity.parse(credentialAuthorizations.transform(authorization as never, ctx)))).toEqual([
      'repo',
      'read:org',
    ]);
    const hook = {
      id: 1,
      name: 'web',
      active: true,
      events: ['push', { name: 'pull_request' }],
      config: { url: 'https://example.com/hook', content_type: 'json', insecure_ssl: '0' },
      created_at: '2011-09-06T17:26:27Z',
      updated_at: '2011-09-06T20:39:23Z',
    };
    const out = Identity.parse(orgHooks.transform(hook as never, ctx));
    expect(names(out)).toEqual(['event:push']);
    expect(out.attributes.events).toEqual(['push']);
  });

  it('an object without its id is refused as an invalid record naming what is missing', () => {
    const key = { key: 'ssh-ed25519 AAAA', title: 'argo-cd', read_only: true, created_at: '2023-12-10T15:53:42Z' };
    const cases: Array<[() => unknown, RegExp]> = [
      [() => deployKeys.transform(key as never, repo), /deploy key of acme-corp\/api without id/],
      [() => installations.transform({ ...installation, id: undefined } as never, ctx), /installation without id/],
      [() => installations.transform({ ...installation, app_slug: null } as never, ctx), /without app_slug/],
      [() => patGrants.transform({ ...patGrant, id: '' } as never, ctx), /PAT grant without id/],
      [() => orgSecrets.transform('malformed-item' as never, ctx), /secret of acme-corp without name/],
      [() => members.transform({ login: 'octocat' } as never, ctx), /member without id/],
      [() => repositories.transform({ name: 'api', full_name: 'acme-corp/api' } as never), /repository without id/],
    ];
    for (const [transform, message] of cases) {
      expect(transform, String(message)).toThrow(message);
      expect(transform).toThrow(InvalidRecordError);
    }
  });
});
