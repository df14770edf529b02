import type { IAMClient, RoleDetail, UserDetail } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.js';
import { silentLogger } from '../../../lib/logger.js';
import type { EdgeInput, IdentityInput, PersonInput, SourceOutcome } from '../../../model/index.js';
import type { RecordSink, ScanContext } from '../../../sync/connector.js';
import { type QuarantinedRecord, RunSources } from '../../../sync/source-tracker.js';
import { FIXTURE_ACCOUNT, FIXTURE_NOW } from '../fixtures/index.js';
import { accessKeys } from '../fixtures/access-keys.js';
import { authorizationDetails, groups, roles, users } from '../fixtures/authorization-details.js';
import { credentialReportCsv } from '../fixtures/credential-report.js';
import {
  EKS_PROVIDER_ARN,
  GITHUB_PROVIDER_ARN,
  oidcProviderList,
  oidcProviders,
  samlProviderList,
} from '../fixtures/identity-providers.js';
import { serviceCredentials } from '../fixtures/service-credentials.js';
import { AwsOptions } from './options.js';
import { scanAccount } from './scan.js';
import { awsSources } from './sources.js';

/**
 * The scan's per-source behaviour on hand-written IAM payloads (the fixtures: one GAAD page, the credential report,
 * ListAccessKeys per user), served by a stub IAM client, through the engine's real source tracker. Every expected
 * value is read off the hand-written payloads.
 */
type Answer = (input: Record<string, unknown>) => unknown;

/** An IAM error as @aws-sdk/client-iam throws it: name and Code = IAM's code, the HTTP status in $metadata. */
const iamError = (status: number, code: string, message: string) =>
  Object.assign(new Error(message), {
    name: code,
    Code: code,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });

const denied = (action: string, resource: string) =>
  iamError(
    403,
    'AccessDenied',
    `User: arn:aws:iam::${FIXTURE_ACCOUNT}:user/auditor is not authorized to perform: iam:${action} on resource: ${resource} because no identity-based policy allows the iam:${action} action`,
  );

const answers = (overrides: Record<string, Answer> = {}): Record<string, Answer> => ({
  GenerateCredentialReport: () => ({ State: 'COMPLETE' }),
  GetCredentialReport: () => ({
    Content: Buffer.from(credentialReportCsv, 'utf8'),
    ReportFormat: 'text/csv',
    GeneratedTime: FIXTURE_NOW,
  }),
  GetAccountAuthorizationDetails: () => authorizationDetails,
  ListAccessKeys: (input) => accessKeys[input.UserName as string] ?? { AccessKeyMetadata: [], IsTruncated: false },
  ListServiceSpecificCredentials: () => serviceCredentials,
  ListOpenIDConnectProviders: () => oidcProviderList,
  GetOpenIDConnectProvider: (input) => oidcProviders[input.OpenIDConnectProviderArn as string],
  ListSAMLProviders: () => samlProviderList,
  ...overrides,
});

async function scan(overrides: Record<string, Answer> = {}, options: Partial<AwsOptions> = {}) {
  const calls: Array<{ action: string; input: Record<string, unknown> }> = [];
  const table = answers(overrides);
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const action = command.constructor.name.replace(/Command$/, '');
      calls.push({ action, input: command.input });
      const answer = table[action];
      if (!answer) throw new Error(`unexpected call ${action}`);
      return answer(command.input);
    },
  } as unknown as IAMClient;
  const out = {
    identities: [] as IdentityInput[],
    people: [] as PersonInput[],
    edges: [] as EdgeInput[],
    quarantined: [] as QuarantinedRecord[],
  };
  const sink: RecordSink = {
    identity: async (i) => void out.identities.push(i),
    person: async (p) => void out.people.push(p),
    edge: async (e) => void out.edges.push(e),
    remove: async () => {},
  };
  const sources = new RunSources(awsSources, sink, {
    deadlineMs: 10_000,
    signal: new AbortController().signal,
    log: silentLogger,
    excerpt: (raw) => JSON.stringify(raw).slice(0, 200),
    onQuarantine: async (record) => void out.quarantined.push(record),
  });
  const ctx: ScanContext<AwsOptions> = {
    platform: 'aws',
    tenant: FIXTURE_ACCOUNT,
    scope: null,
    options: AwsOptions.parse(options),
    sink,
    sources,
    metrics: { apiCall: () => {}, page: () => {}, retry: () => {} },
    state: { get: () => undefined, set: () => {} },
    keepRaw: () => {},
    log: silentLogger,
    clock: fixedClock(FIXTURE_NOW),
    signal: new AbortController().signal,
  };
  await scanAccount(client, ctx);
  const outcome = (id: string) => sources.list().find((o) => o.source === id) as SourceOutcome;
  const byName = (name: string) => out.identities.find((i) => i.name === name);
  return { ...out, calls, outcome, byName };
}

/** The fixture's NHIs by name: users with keys and the non-SAML roles (hand-written in fixtures/). */
const USERS_WITH_KEYS = ['ci-deployer', 'reporting-bot', 'legacy-sync', 'unused-etl', 'ops-console', 'break-glass'];
const NHI_ROLES = [
  'github-deploy',
  'github-any-repo',
  'vendor-audit',
  'vendor-backup',
  'lambda-deployer',
  'ops-jump',
  'github-wildcard',
  'github-repo-id',
  'eks-orders',
];
/** The identity providers of fixtures/identity-providers.ts, by name. */
const PROVIDERS = [
  'token.actions.githubusercontent.com',
  'oidc.eks.us-east-1.amazonaws.com/id/5C6D7E8F90A1B2C3D4E5F60718293A4B',
  'AWSSSO_0123456789abcdef_DO_NOT_DELETE',
  'okta',
];

const gaadWith = (changes: { users?: UserDetail[]; roles?: RoleDetail[]; groups?: typeof groups }) => () => ({
  ...authorizationDetails,
  UserDetailList: changes.users ?? users,
  RoleDetailList: changes.roles ?? roles,
  GroupDetailList: changes.groups ?? groups,
});

describe('AWS scan: one unreadable record or object does not fail the account', () => {
  it('a clean scan emits every fixture NHI, the root and the console-only person, every source complete', async () => {
    const r = await scan();
    expect(r.identities.map((i) => i.name).sort()).toEqual(
      [...USERS_WITH_KEYS, ...NHI_ROLES, ...PROVIDERS, 'root'].sort(),
    );
    expect(r.people.map((p) => p.login)).toEqual(['alice@acme.example']);
    expect(r.identities.every((i) => (i.stale ?? []).length === 0)).toBe(true);
    for (const s of awsSources) expect(r.outcome(s.id).status, s.id).toBe('complete');
    // Service-specific credentials join their users after the access keys; alice's (a person) is not read.
    expect(r.byName('legacy-sync')?.credentials?.map((c) => c.name)).toEqual([
      'AKIALEGACYSYNC017Q3Z',
      'legacy-sync-at-111122223333',
      'legacy-sync-at-111122223333+1',
    ]);
    // One account-wide call (AllUsers), one Get per OIDC provider.
    expect(r.calls.filter((c) => c.action === 'ListServiceSpecificCredentials').map((c) => c.input)).toEqual([
      { AllUsers: true, MaxItems: 1000, Marker: undefined },
    ]);
    expect(r.calls.filter((c) => c.action === 'GetOpenIDConnectProvider')).toHaveLength(2);
  });

  it('a role whose trust policy is not URL-encoded JSON is quarantined under its RoleName; the rest is emitted', async () => {
    const broken: RoleDetail = {
      ...roles[0],
      RoleName: 'legacy-broken-trust',
      RoleId: 'AROALEGACYBROKENQ7Z2W',
      Arn: `arn:aws:iam::${FIXTURE_ACCOUNT}:role/legacy-broken-trust`,
      // A percent sign that starts no escape: neither URL-encoded JSON nor JSON.
      AssumeRolePolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%ZZ',
    };
    const r = await scan({ GetAccountAuthorizationDetails: gaadWith({ roles: [...roles, broken] }) });
    expect(r.quarantined.map((q) => [q.source, q.nativeId])).toEqual([['gaad', 'legacy-broken-trust']]);
    expect(r.quarantined[0].reason).toMatch(
      /legacy-broken-trust: trust policy \(AssumeRolePolicyDocument\) is not URL-encoded JSON/,
    );
    expect(r.identities.map((i) => i.name).sort()).toEqual(
      [...USERS_WITH_KEYS, ...NHI_ROLES, ...PROVIDERS, 'root'].sort(),
    );
    expect(r.outcome('gaad')).toMatchObject({ status: 'partial', quarantined: 1 });
  });

  it("one user's ListAccessKeys AccessDenied: that user is emitted with stale credentials, the others with their keys", async () => {
    const r = await scan({
      ListAccessKeys: (input) => {
        if (input.UserName === 'reporting-bot')
          throw denied('ListAccessKeys', `arn:aws:iam::${FIXTURE_ACCOUNT}:user/reporting-bot`);
        return accessKeys[input.UserName as string];
      },
    });
    const bot = r.byName('reporting-bot');
    expect(bot?.credentials).toEqual([]);
    // reporting-bot also holds an active Bedrock API key: the report's key slots cannot say whether it is enabled.
    expect(bot?.stale).toEqual([
      { field: 'credentials', source: 'access-keys' },
      { field: 'enabled', source: 'access-keys' },
    ]);
    // The report's two key slots of reporting-bot: last used 2026-10-31T03:00 and 2026-10-29T14:20.
    expect(bot?.lastUsedAt).toBe('2026-10-31T03:00:00.000Z');
    expect(bot?.enabled).toBe(true);
    expect(r.byName('ci-deployer')?.credentials?.map((c) => c.name)).toEqual([
      'AKIACIDEPLOY00017Q3Z',
      'ci-deployer+9f8e7d6c',
    ]);
    const outcome = r.outcome('access-keys');
    expect(outcome.status).toBe('partial');
    expect(outcome.objectsFailed).toBe(1);
    expect(outcome.objects[0]).toMatchObject({
      objectId: 'reporting-bot',
      kind: 'http',
      httpStatus: 403,
      vendorCode: 'AccessDenied',
      permission: 'iam:ListAccessKeys, iam:GetAccessKeyLastUsed',
    });
    expect(outcome.objects[0].message).toContain('is not authorized to perform: iam:ListAccessKeys');
  });

  it('ListAccessKeys refused for every user: the source is skipped after 5 users, the rest are not asked', async () => {
    const r = await scan(
      { ListAccessKeys: (input) => Promise.reject(denied('ListAccessKeys', `user ${input.UserName}`)) },
      { concurrency: 1 },
    );
    expect(r.calls.filter((c) => c.action === 'ListAccessKeys')).toHaveLength(5);
    expect(r.outcome('access-keys')).toMatchObject({ status: 'skipped', problem: { httpStatus: 403 } });
    // Users holding an active service-specific credential (fixtures/service-credentials.ts) keep `enabled` as stored.
    const withActiveServiceCredential = new Set(['ci-deployer', 'reporting-bot', 'legacy-sync']);
    for (const name of USERS_WITH_KEYS)
      expect(r.byName(name)?.stale, name).toEqual([
        { field: 'credentials', source: 'access-keys' },
        ...(withActiveServiceCredential.has(name) ? [{ field: 'enabled', source: 'access-keys' }] : []),
      ]);
  });

  it('the credential report refused: keyed users carry stale report fields, keyless users and the root wait', async () => {
    const r = await scan({
      GenerateCredentialReport: () => Promise.reject(denied('GenerateCredentialReport', '*')),
      GetAccessKeyLastUsed: () => ({ AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } }),
    });
    expect(r.outcome('credential-report')).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, permission: 'iam:GenerateCredentialReport, iam:GetCredentialReport' },
    });
    // Without the report every user's keys are listed: the console-only alice has none, so person or NHI is unknown.
    expect(r.people).toEqual([]);
    expect(r.identities.map((i) => i.name).sort()).toEqual([...USERS_WITH_KEYS, ...NHI_ROLES, ...PROVIDERS].sort());
    const stale = r.byName('ops-console')?.stale?.map((s) => `${s.source} ${s.field}`);
    expect(stale).toEqual(
      expect.arrayContaining([
        'credential-report lastUsedAt',
        'credential-report credentials',
        'credential-report attributes.passwordEnabled',
        'credential-report attributes.mfaActive',
      ]),
    );
    expect(r.byName('github-deploy')?.stale).toEqual([]);
  });

  it('a user without UserName is quarantined and never asked about (ListAccessKeys without a user lists the caller)', async () => {
    const { UserName: _dropped, ...nameless } = users[0];
    const r = await scan({ GetAccountAuthorizationDetails: gaadWith({ users: [nameless, ...users.slice(1)] }) });
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0]).toMatchObject({ source: 'gaad', reason: expect.stringMatching(/without UserName/) });
    expect(r.calls.filter((c) => c.action === 'ListAccessKeys' && !c.input.UserName)).toEqual([]);
    expect(r.byName('ci-deployer')).toBeUndefined();
    expect(r.byName('reporting-bot')).toBeDefined();
  });

  it("a group without GroupName: its members' permissions are marked stale, not read as no grants", async () => {
    const unnamed = groups.map((g) => (g.GroupName === 'readers' ? { ...g, GroupName: undefined } : g));
    const r = await scan({ GetAccountAuthorizationDetails: gaadWith({ groups: unnamed }) });
    // unused-etl is in `readers` only (fixtures/authorization-details.ts).
    expect(r.byName('unused-etl')?.stale).toEqual([{ field: 'permissions', source: 'gaad' }]);
    expect(r.byName('legacy-sync')?.stale).toEqual([]);
  });
});

describe('AWS scan: service-specific credentials and identity providers', () => {
  it('ListServiceSpecificCredentials refused: skipped with the permission; users keep their access keys only', async () => {
    const r = await scan({
      ListServiceSpecificCredentials: () => Promise.reject(denied('ListServiceSpecificCredentials', '*')),
    });
    expect(r.outcome('service-credentials')).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, permission: 'iam:ListServiceSpecificCredentials' },
    });
    // The engine's sink marks credentials and enabled stale from the source's fills; the scan emits the keys it read.
    expect(r.byName('legacy-sync')?.credentials?.map((c) => c.name)).toEqual(['AKIALEGACYSYNC017Q3Z']);
    expect(r.outcome('gaad').status).toBe('complete');
  });

  it('a credential without UserName is quarantined and every user keeps its stored credentials and enabled', async () => {
    const [first, ...rest] = serviceCredentials.ServiceSpecificCredentials ?? [];
    const { UserName: _dropped, ...ownerless } = first;
    const r = await scan({
      ListServiceSpecificCredentials: () => ({ ServiceSpecificCredentials: [ownerless, ...rest] }),
    });
    expect(r.quarantined.map((q) => [q.source, q.nativeId])).toEqual([
      ['service-credentials', 'ACCABEDROCKREPORT7Q3Z2'],
    ]);
    expect(r.outcome('service-credentials')).toMatchObject({ status: 'partial', quarantined: 1 });
    for (const name of USERS_WITH_KEYS)
      expect(r.byName(name)?.stale, name).toEqual([
        { field: 'credentials', source: 'service-credentials' },
        { field: 'enabled', source: 'service-credentials' },
      ]);
  });

  it('one provider whose GetOpenIDConnectProvider is denied is not written; the other is; the source is partial', async () => {
    const r = await scan({
      GetOpenIDConnectProvider: (input) => {
        if (input.OpenIDConnectProviderArn === EKS_PROVIDER_ARN)
          throw denied('GetOpenIDConnectProvider', EKS_PROVIDER_ARN);
        return oidcProviders[input.OpenIDConnectProviderArn as string];
      },
    });
    expect(r.byName(PROVIDERS[1])).toBeUndefined();
    expect(r.byName(PROVIDERS[0])?.attributes?.arn).toBe(GITHUB_PROVIDER_ARN);
    const outcome = r.outcome('oidc-providers');
    expect(outcome).toMatchObject({ status: 'partial', objectsFailed: 1 });
    expect(outcome.objects[0]).toMatchObject({ objectId: EKS_PROVIDER_ARN, httpStatus: 403 });
    // The role federating to it still has its edge (from its trust policy).
    expect(r.edges.some((e) => e.kind === 'trusts_provider' && e.to.endsWith(PROVIDERS[1]))).toBe(true);
  });

  it('a listed provider without Arn is quarantined and not asked about', async () => {
    const r = await scan({
      ListOpenIDConnectProviders: () => ({ OpenIDConnectProviderList: [{}, { Arn: GITHUB_PROVIDER_ARN }] }),
      ListSAMLProviders: () => ({ SAMLProviderList: [{ CreateDate: FIXTURE_NOW }] }),
    });
    expect(r.quarantined.map((q) => [q.source, q.reason])).toEqual([
      ['oidc-providers', 'IAM OIDC provider without Arn (ListOpenIDConnectProviders)'],
      ['saml-providers', 'IAM SAML provider without Arn (ListSAMLProviders)'],
    ]);
    expect(r.calls.filter((c) => c.action === 'GetOpenIDConnectProvider')).toHaveLength(1);
    expect(r.byName(PROVIDERS[0])).toBeDefined();
  });
});
