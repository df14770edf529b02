import { describe, expect, it } from 'vitest';
import { evaluateViews, ruleContext, appliesTo } from '../evaluate.js';
import { view } from '../../../testing/views.js';
import type { IdentityView } from '../../../store/index.js';
import { OWASP_NHI_IDS } from '../types.js';
import { BUILTIN_RISKS, BUILTIN_RULES } from '../../../platforms/registry.js';

const NOW = new Date('2026-11-01T00:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const ahead = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();

/** Rule ids that fire on `views` (each view evaluated in the same pass, so cross-identity rules see them all). */
function firing(ruleId: string, views: IdentityView[]): string[] {
  const rule = BUILTIN_RULES.find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return evaluateViews(views, { now: NOW, rules: [rule] }).map((h) => h.identity.id);
}

const trustPolicy = (statement: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', ...statement }],
});

interface Case {
  yes: IdentityView[];
  no: IdentityView[];
}

// One true case (or more) and false cases per catalogue id; every id must appear (checked below).
const CASES: Record<string, Case> = {
  'nhi-stale': {
    yes: [view({ lastUsedAt: ago(91), lastUsedSource: 'credential report' })],
    no: [view({ lastUsedAt: ago(89) }), view({ lastUsedAt: ago(200), enabled: false }), view({ lastUsedAt: null })],
  },
  'nhi-never-used': {
    yes: [view({ lastUsedSource: 'signInActivity', lastUsedAt: null, createdAt: ago(100) })],
    no: [
      view({ lastUsedSource: null, createdAt: ago(400) }),
      view({ lastUsedSource: 'x', createdAt: ago(30) }),
      view({ lastUsedSource: 'x', lastUsedAt: ago(1), createdAt: ago(400) }),
      view({ lastUsedSource: 'x', createdAt: ago(400), enabled: false }),
    ],
  },
  'nhi-no-owner': {
    yes: [view({ owner: null, ownerClaims: [] })],
    no: [
      view({ owner: { email: 'a@acme.test', status: 'active' } }),
      view({
        ownerClaims: [{ ref: 'jdoe', refType: 'login', source: 'creator', confidence: 0.8, evidence: 'added_by' }],
      }),
    ],
  },
  'nhi-owner-departed': {
    yes: [view({ owner: { email: 'gone@acme.test', status: 'departed', source: 'creator' } })],
    no: [view({ owner: { email: 'a@acme.test', status: 'active' } }), view({ owner: null })],
  },
  'nhi-admin-privilege': {
    yes: [
      view({ permissions: [{ nativeName: 'AdministratorAccess', access: 'admin' }] }),
      view({ permissions: [{ nativeName: 'iam:PassRole', access: 'write', pathToAdmin: true }] }),
    ],
    no: [view({ permissions: [{ nativeName: 'contents', access: 'write', sensitivity: 'high' }] }), view()],
  },
  'credential-not-rotated': {
    yes: [view({ credentials: [{ type: 'access_key', createdAt: ago(366) }] })],
    no: [
      view({ credentials: [{ type: 'access_key', createdAt: ago(364) }] }),
      view({ credentials: [{ type: 'federated', createdAt: ago(900) }] }),
      view({ credentials: [{ type: 'webhook_secret', createdAt: ago(900) }] }),
      view({ credentials: [{ type: 'access_key', createdAt: ago(900), enabled: false }] }),
    ],
  },
  'credential-long-lived': {
    yes: [
      view({
        credentials: [
          { type: 'client_secret', createdAt: ago(10), expiresAt: null, attributes: { supportsExpiry: true } },
        ],
      }),
      view({
        credentials: [
          { type: 'client_secret', createdAt: ago(10), expiresAt: ahead(400), attributes: { supportsExpiry: true } },
        ],
      }),
    ],
    no: [
      view({ credentials: [{ type: 'access_key', createdAt: ago(10), expiresAt: null }] }),
      view({
        credentials: [
          { type: 'client_secret', createdAt: ago(10), expiresAt: ahead(300), attributes: { supportsExpiry: true } },
        ],
      }),
      view({
        credentials: [
          {
            type: 'client_secret',
            createdAt: ago(10),
            expiresAt: null,
            enabled: false,
            attributes: { supportsExpiry: true },
          },
        ],
      }),
    ],
  },
  'credential-expired': {
    yes: [
      view({ credentials: [{ type: 'client_secret', expiresAt: ago(1) }] }),
      view({ credentials: [{ type: 'certificate', expiresAt: ago(5), enabled: false }] }),
    ],
    no: [
      view({ credentials: [{ type: 'client_secret', expiresAt: ahead(1) }] }),
      view({ credentials: [{ type: 'client_secret', expiresAt: null }] }),
    ],
  },
  'credential-expiring': {
    yes: [view({ credentials: [{ type: 'client_secret', expiresAt: ahead(29) }] })],
    no: [
      view({ credentials: [{ type: 'client_secret', expiresAt: ahead(31) }] }),
      view({ credentials: [{ type: 'client_secret', expiresAt: ago(1) }] }),
      view({ credentials: [{ type: 'client_secret', expiresAt: ahead(5), enabled: false }] }),
    ],
  },
  'multiple-active-keys': {
    yes: [
      view({ credentials: [{ type: 'access_key' }, { type: 'access_key' }] }),
      view({ credentials: [{ type: 'client_secret' }, { type: 'access_key' }] }),
    ],
    no: [
      view({ credentials: [{ type: 'access_key' }, { type: 'access_key', enabled: false }] }),
      view({ credentials: [{ type: 'access_key' }, { type: 'certificate' }] }),
    ],
  },
  'third-party-high-risk-scopes': {
    yes: [
      view({ thirdParty: true, permissions: [{ nativeName: 'Mail.ReadWrite', access: 'write', sensitivity: 'high' }] }),
    ],
    no: [
      view({ thirdParty: false, permissions: [{ nativeName: 'x', access: 'admin', sensitivity: 'high' }] }),
      view({ thirdParty: true, permissions: [{ nativeName: 'x', access: 'read', sensitivity: 'high' }] }),
      view({ thirdParty: true, permissions: [{ nativeName: 'x', access: 'write', sensitivity: 'medium' }] }),
    ],
  },
  'unverified-publisher': {
    yes: [view({ thirdParty: true, publisher: { name: 'Shady', verified: false } })],
    no: [
      view({ thirdParty: true, publisher: { name: 'Good', verified: true } }),
      view({ thirdParty: true, publisher: null }),
      view({ thirdParty: false, publisher: { name: 'Internal', verified: false } }),
    ],
  },
  'tenant-wide-grant': {
    yes: [view({ permissions: [{ nativeName: 'Mail.Read', access: 'read', attributes: { tenantWide: true } }] })],
    no: [
      view({ permissions: [{ nativeName: 'Mail.Read', access: 'read', attributes: { tenantWide: false } }] }),
      view({ permissions: [{ nativeName: 'Mail.Read', access: 'read' }] }),
    ],
  },
  'credential-reused': {
    yes: [
      view({ nativeId: 'a', credentials: [{ type: 'access_key', fingerprint: 'fp-shared' }] }),
      view({ nativeId: 'b', credentials: [{ type: 'token', fingerprint: 'fp-shared' }] }),
    ],
    no: [
      view({
        nativeId: 'c',
        credentials: [
          { type: 'access_key', fingerprint: 'fp-c' },
          { type: 'access_key', fingerprint: 'fp-c' },
        ],
      }),
      view({ nativeId: 'd', credentials: [{ type: 'access_key', fingerprint: null }] }),
      view({ nativeId: 'e', credentials: [{ type: 'access_key', fingerprint: null }] }),
    ],
  },
  'nhi-interactive': { yes: [view({ interactive: true })], no: [view({ interactive: false })] },
  'nhi-used-by-human': {
    yes: [view({ attributes: { humanUseEvidence: 'console sign-in 2026-10-30 from 203.0.113.9' } })],
    no: [
      view({ attributes: { humanUseEvidence: '' } }),
      view({ attributes: {} }),
      view({ attributes: { humanUseEvidence: true } }),
    ],
  },
  'github-app-org-wide-sensitive-write': {
    yes: [
      view({
        kind: 'oauth_app',
        nativeType: 'installation',
        attributes: { repositorySelection: 'all' },
        permissions: [{ nativeName: 'secrets', access: 'write', sensitivity: 'high' }],
      }),
    ],
    no: [
      view({
        kind: 'oauth_app',
        nativeType: 'installation',
        attributes: { repositorySelection: 'selected' },
        permissions: [{ nativeName: 'secrets', access: 'write' }],
      }),
      view({
        kind: 'oauth_app',
        nativeType: 'installation',
        attributes: { repositorySelection: 'all' },
        permissions: [{ nativeName: 'secrets', access: 'read' }],
      }),
      view({
        kind: 'oauth_app',
        nativeType: 'installation',
        attributes: { repositorySelection: 'all' },
        permissions: [{ nativeName: 'contents', access: 'write' }],
      }),
      view({
        platform: 'entra',
        kind: 'oauth_app',
        attributes: { repositorySelection: 'all' },
        permissions: [{ nativeName: 'secrets', access: 'write' }],
      }),
      view({
        kind: 'personal_access_token',
        nativeType: 'pat_grant',
        attributes: { repositorySelection: 'all' },
        permissions: [{ nativeName: 'workflows:write', access: 'write' }],
      }),
    ],
  },
  'github-deploy-key-write': {
    yes: [view({ kind: 'deploy_key', nativeType: 'deploy_key', attributes: { readOnly: false } })],
    no: [
      view({ kind: 'deploy_key', nativeType: 'deploy_key', attributes: { readOnly: true } }),
      view({ kind: 'api_key', attributes: { readOnly: false } }),
    ],
  },
  'github-actions-secret-stale': {
    yes: [view({ kind: 'secret', nativeType: 'actions_secret', attributes: { updatedAt: ago(400) } })],
    no: [
      view({ kind: 'secret', nativeType: 'actions_secret', attributes: { updatedAt: ago(100) } }),
      view({ kind: 'secret', nativeType: 'dependabot_secret', attributes: { updatedAt: ago(400) } }),
      view({ platform: 'aws', kind: 'secret', nativeType: 'actions_secret', attributes: { updatedAt: ago(400) } }),
    ],
  },
  'github-pat-no-expiry': {
    yes: [
      view({
        kind: 'personal_access_token',
        nativeType: 'fine_grained_pat',
        credentials: [{ type: 'token', expiresAt: null }],
      }),
    ],
    no: [
      view({
        kind: 'personal_access_token',
        nativeType: 'fine_grained_pat',
        credentials: [{ type: 'token', expiresAt: ahead(30) }],
      }),
      view({ kind: 'personal_access_token', attributes: { tokenExpiresAt: ahead(10) } }),
      view({ kind: 'oauth_app' }),
      view({ kind: 'personal_access_token', nativeType: 'pat_request', enabled: false }),
    ],
  },
  'github-webhook-insecure': {
    yes: [
      view({ kind: 'webhook', nativeType: 'org_hook', attributes: { url: 'http://hooks.example.test/x' } }),
      view({ kind: 'webhook', nativeType: 'repo_hook', attributes: { url: 'https://ok.test', insecureSsl: '1' } }),
    ],
    no: [view({ kind: 'webhook', nativeType: 'org_hook', attributes: { url: 'https://ok.test', insecureSsl: '0' } })],
  },
  'aws-root-access-key': {
    yes: [
      view({
        platform: 'aws',
        nativeType: 'root',
        name: '<root_account>',
        credentials: [{ type: 'access_key', enabled: true }],
      }),
    ],
    no: [
      view({ platform: 'aws', nativeType: 'root', credentials: [{ type: 'access_key', enabled: false }] }),
      view({ platform: 'aws', nativeType: 'user', credentials: [{ type: 'access_key' }] }),
    ],
  },
  'aws-admin-user-access-key': {
    yes: [
      view({
        platform: 'aws',
        nativeType: 'user',
        credentials: [{ type: 'access_key' }],
        permissions: [{ nativeName: 'arn:aws:iam::aws:policy/AdministratorAccess', access: 'admin' }],
      }),
      view({
        platform: 'aws',
        nativeType: 'user',
        nativeId: 'star',
        credentials: [{ type: 'access_key' }],
        permissions: [{ nativeName: '*', resource: '*', access: 'admin' }],
      }),
    ],
    no: [
      view({
        platform: 'aws',
        nativeType: 'user',
        credentials: [{ type: 'access_key', enabled: false }],
        permissions: [{ nativeName: 'AdministratorAccess', access: 'admin' }],
      }),
      view({
        platform: 'aws',
        nativeType: 'user',
        credentials: [{ type: 'access_key' }],
        permissions: [{ nativeName: 'ReadOnlyAccess', access: 'read' }],
      }),
      view({
        platform: 'aws',
        nativeType: 'user',
        credentials: [{ type: 'access_key' }],
        permissions: [{ nativeName: 's3:*', resource: '*', access: 'admin' }],
      }),
    ],
  },
  'aws-oidc-trust-without-sub': {
    yes: [
      view({
        platform: 'aws',
        nativeType: 'role',
        attributes: {
          trustPolicy: trustPolicy({
            Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
          }),
        },
      }),
    ],
    no: [
      view({
        platform: 'aws',
        nativeType: 'role',
        attributes: {
          trustPolicy: encodeURIComponent(
            JSON.stringify(
              trustPolicy({
                Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
                Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } },
              }),
            ),
          ),
        },
      }),
      view({
        platform: 'aws',
        nativeType: 'role',
        attributes: { trustPolicy: trustPolicy({ Principal: { Service: 'ec2.amazonaws.com' } }) },
      }),
    ],
  },
  'aws-cross-account-no-external-id': {
    yes: [
      view({
        platform: 'aws',
        tenant: '111122223333',
        nativeType: 'role',
        attributes: { trustPolicy: trustPolicy({ Principal: { AWS: 'arn:aws:iam::999988887777:root' } }) },
      }),
    ],
    no: [
      view({
        platform: 'aws',
        tenant: '111122223333',
        nativeType: 'role',
        attributes: {
          trustPolicy: trustPolicy({
            Principal: { AWS: 'arn:aws:iam::999988887777:root' },
            Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
          }),
        },
      }),
      view({
        platform: 'aws',
        tenant: 'prod',
        nativeType: 'role',
        attributes: {
          arn: 'arn:aws:iam::111122223333:role/r',
          trustPolicy: trustPolicy({ Principal: { AWS: ['arn:aws:iam::111122223333:root'] } }),
        },
      }),
    ],
  },
  'aws-privilege-escalation': {
    yes: [
      view({
        platform: 'aws',
        permissions: [{ nativeName: 'iam:CreateAccessKey', access: 'write', pathToAdmin: true }],
      }),
    ],
    no: [
      view({
        platform: 'aws',
        permissions: [{ nativeName: 'AdministratorAccess', access: 'admin', pathToAdmin: true }],
      }),
      view({ platform: 'aws', permissions: [{ nativeName: 's3:GetObject', access: 'read' }] }),
    ],
  },
  'entra-full-access-as-app': {
    yes: [view({ platform: 'entra', permissions: [{ nativeName: 'full_access_as_app', access: 'admin' }] })],
    no: [
      view({ platform: 'entra', permissions: [{ nativeName: 'Mail.Read', access: 'read' }] }),
      view({ platform: 'github', permissions: [{ nativeName: 'full_access_as_app', access: 'admin' }] }),
    ],
  },
  'entra-directory-readwrite-all': {
    yes: [view({ platform: 'entra', permissions: [{ nativeName: 'Directory.ReadWrite.All', access: 'admin' }] })],
    no: [view({ platform: 'entra', permissions: [{ nativeName: 'Directory.Read.All', access: 'read' }] })],
  },
  'entra-unowned-high-privilege': {
    yes: [
      view({
        platform: 'entra',
        kind: 'oauth_app',
        permissions: [{ nativeName: 'RoleManagement.ReadWrite.Directory', access: 'write', pathToAdmin: true }],
      }),
    ],
    no: [
      view({
        platform: 'entra',
        kind: 'oauth_app',
        ownerClaims: [
          { ref: 'a@acme.test', refType: 'email', source: 'explicit_owner', confidence: 1, evidence: 'owners' },
        ],
        permissions: [{ nativeName: 'Directory.ReadWrite.All', access: 'admin' }],
      }),
      view({ platform: 'entra', kind: 'oauth_app', permissions: [{ nativeName: 'User.Read', access: 'read' }] }),
    ],
  },
  'entra-sp-credential': {
    yes: [
      view({ platform: 'entra', credentials: [{ type: 'client_secret', attributes: { on: 'servicePrincipal' } }] }),
    ],
    no: [
      view({ platform: 'entra', credentials: [{ type: 'client_secret', attributes: { on: 'application' } }] }),
      view({ platform: 'entra', credentials: [{ type: 'federated', attributes: { on: 'servicePrincipal' } }] }),
    ],
  },
};

describe('built-in rule pack', () => {
  it('implements exactly the risk catalogue, with complete metadata', () => {
    expect(BUILTIN_RULES.map((r) => r.meta.id).sort()).toEqual(BUILTIN_RISKS.map((r) => r.id).sort());
    for (const r of BUILTIN_RULES) {
      const cat = BUILTIN_RISKS.find((c) => c.id === r.meta.id)!;
      expect(OWASP_NHI_IDS).toContain(r.meta.owasp);
      expect(r.meta.title.length).toBeGreaterThan(5);
      expect(r.meta.remediation.length).toBeGreaterThan(10);
      expect(r.meta.dataRequirement.length).toBeGreaterThan(10);
      expect(r.meta.compliance.length).toBeGreaterThan(0);
      expect(r.meta.platforms).toEqual(cat.platforms);
    }
  });

  it('has a true and a false case for every rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(BUILTIN_RULES.map((r) => r.meta.id).sort());
  });

  for (const [id, c] of Object.entries(CASES)) {
    it(`${id}: fires on the true cases, with evidence naming a source`, () => {
      const hits = evaluateViews(c.yes, { now: NOW, rules: BUILTIN_RULES.filter((r) => r.meta.id === id) });
      expect(hits.map((h) => h.identity.id).sort()).toEqual(c.yes.map((v) => v.id).sort());
      for (const h of hits) {
        expect(h.evidence.length).toBeGreaterThan(0);
        for (const e of h.evidence) expect(e.source).toMatch(/\w/);
      }
    });
    it(`${id}: stays silent on the false cases`, () => {
      // Distinct ids so a cross-identity rule does not see the false cases as one identity.
      expect(
        firing(
          id,
          c.no.map((v, n) => ({ ...v, id: `${v.id}#${n}` })),
        ),
      ).toEqual([]);
    });
  }

  it('names the usage source in stale evidence', () => {
    const [hit] = evaluateViews([view({ lastUsedAt: '2025-03-01T00:00:00Z', lastUsedSource: 'credential report' })], {
      now: NOW,
      rules: BUILTIN_RULES.filter((r) => r.meta.id === 'nhi-stale'),
    });
    expect(hit.evidence[0].source).toContain('last used 2025-03-01');
    expect(hit.evidence[0].source).toContain('per credential report');
  });

  it('uses thresholds from options, not constants', () => {
    const v = view({ lastUsedAt: ago(40), lastUsedSource: 'x' });
    const rules = BUILTIN_RULES.filter((r) => r.meta.id === 'nhi-stale');
    expect(evaluateViews([v], { now: NOW, rules })).toHaveLength(0);
    expect(evaluateViews([v], { now: NOW, rules, thresholds: { staleDays: 30 } })).toHaveLength(1);
  });

  it('skips disabled rules and rules whose platform does not match', () => {
    const v = view({
      platform: 'aws',
      interactive: true,
      permissions: [{ nativeName: 'full_access_as_app', access: 'admin' }],
    });
    const ids = evaluateViews([v], { now: NOW, rules: BUILTIN_RULES, disabled: ['nhi-interactive'] }).map(
      (h) => h.rule.id,
    );
    expect(ids).not.toContain('nhi-interactive');
    expect(ids).not.toContain('entra-full-access-as-app');
    expect(ids).toContain('nhi-admin-privilege');
    expect(appliesTo(BUILTIN_RULES.find((r) => r.meta.id === 'entra-full-access-as-app')!.meta, 'aws')).toBe(false);
  });

  it('reports a throwing rule without stopping the others', () => {
    const errors: string[] = [];
    const boom = {
      meta: { ...BUILTIN_RULES[0].meta, id: 'boom' },
      evaluate: () => {
        throw new Error('bad data');
      },
    };
    const hits = evaluateViews([view({ interactive: true })], {
      now: NOW,
      rules: [boom, ...BUILTIN_RULES],
      onError: (e) => errors.push(`${e.ruleId}: ${e.message}`),
    });
    expect(errors).toEqual(['boom: bad data']);
    expect(hits.map((h) => h.rule.id)).toContain('nhi-interactive');
    expect(ruleContext(NOW).thresholds.staleDays).toBe(90);
  });
});
