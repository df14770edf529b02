import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
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
import { serviceLastAccessedOf } from '../fixtures/service-last-accessed.js';
import { signingCertificatesOf } from '../fixtures/signing-certificates.js';
import { sshKeysOf } from '../fixtures/ssh-keys.js';
import { unusedAccessAnalyzers, unusedAccessFindings } from '../fixtures/unused-access.js';
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
  ListSSHPublicKeys: (input) => sshKeysOf(input.UserName as string),
  ListSigningCertificates: (input) => signingCertificatesOf(input.UserName as string),
  ListOpenIDConnectProviders: () => oidcProviderList,
  GetOpenIDConnectProvider: (input) => oidcProviders[input.OpenIDConnectProviderArn as string],
  ListSAMLProviders: () => samlProviderList,
  ListAnalyzers: () => unusedAccessAnalyzers,
  ListFindingsV2: () => unusedAccessFindings,
  GenerateServiceLastAccessedDetails: (input) => ({ JobId: `job:${input.Arn}` }),
  GetServiceLastAccessedDetails: (input) => lastAccessedPage(input),
  ...overrides,
});

/** The fixture page a Get asks for: the first without Marker, else the one after the page that handed it out. */
function lastAccessedPage(input: Record<string, unknown>) {
  const pages = serviceLastAccessedOf(String(input.JobId).replace(/^job:/, ''));
  const after = pages.findIndex((p) => p.Marker === input.Marker);
  return input.Marker === undefined ? pages[0] : pages[after + 1];
}

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
    // userKeyLists and serviceLastAccessed on unless a test says otherwise: most tests follow the SSH keys and certificates too.
    options: AwsOptions.parse({ userKeyLists: true, serviceLastAccessed: true, ...options }),
    sink,
    sources,
    metrics: { apiCall: () => {}, page: () => {}, retry: () => {} },
    state: { get: () => undefined, set: () => {} },
    keepRaw: () => {},
    log: silentLogger,
    clock: fixedClock(FIXTURE_NOW),
    signal: new AbortController().signal,
  };
  // One stub answers IAM and Access Analyzer commands alike (by command name).
  await scanAccount(client, client as unknown as AccessAnalyzerClient, ctx);
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
    // caller-identity is read by scanAws before scanAccount (caller-identity.test.ts), and organization-accounts
    // before the run, by the tenant expansion (organization.test.ts, aws.organization.test.ts).
    for (const s of awsSources.filter((x) => x.id !== 'caller-identity' && x.id !== 'organization-accounts'))
      expect(r.outcome(s.id).status, s.id).toBe('complete');
    expect(r.outcome('organization-accounts').status).toBe('not-run');
    // Service-specific credentials join their users after the access keys, SSH keys last; alice's (a person) are
    // not read.
    expect(r.byName('legacy-sync')?.credentials?.map((c) => c.name)).toEqual([
      'AKIALEGACYSYNC017Q3Z',
      'legacy-sync-at-111122223333',
      'legacy-sync-at-111122223333+1',
      'APKALEGACYSYNC7Q3Z2W',
      'LEGACYSYNCSIGNINGCERT7Q3Z2W4K',
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
  it('ListServiceSpecificCredentials refused: skipped with the permission; users keep their access keys, SSH keys and certificates', async () => {
    const r = await scan({
      ListServiceSpecificCredentials: () => Promise.reject(denied('ListServiceSpecificCredentials', '*')),
    });
    expect(r.outcome('service-credentials')).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, permission: 'iam:ListServiceSpecificCredentials' },
    });
    // The engine's sink marks credentials and enabled stale from the source's fills; the scan emits the keys it read.
    expect(r.byName('legacy-sync')?.credentials?.map((c) => c.name)).toEqual([
      'AKIALEGACYSYNC017Q3Z',
      'APKALEGACYSYNC7Q3Z2W',
      'LEGACYSYNCSIGNINGCERT7Q3Z2W4K',
    ]);
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

describe('AWS scan: Access Analyzer unused-access findings', () => {
  const unusedOf = (r: Awaited<ReturnType<typeof scan>>, name: string) =>
    (r.byName(name)?.attributes as Record<string, unknown> | undefined)?.unusedAccess;

  it('the ACTIVE analyzer is asked for ACTIVE findings; each principal gets its finding types (ARCHIVED ignored)', async () => {
    const r = await scan();
    expect(r.calls.filter((c) => c.action === 'ListAnalyzers').map((c) => c.input)).toEqual([
      { type: 'ACCOUNT_UNUSED_ACCESS', nextToken: undefined },
    ]);
    expect(r.calls.filter((c) => c.action === 'ListFindingsV2').map((c) => c.input)).toEqual([
      {
        analyzerArn: 'arn:aws:access-analyzer:us-east-1:111122223333:analyzer/unused-access-90d',
        filter: { status: { eq: ['ACTIVE'] } },
        nextToken: undefined,
      },
    ]);
    expect(unusedOf(r, 'vendor-backup')).toEqual({ unusedAccessAge: 90, findingTypes: ['UnusedIAMRole'] });
    expect(unusedOf(r, 'unused-etl')).toEqual({
      unusedAccessAge: 90,
      findingTypes: ['UnusedIAMUserAccessKey', 'UnusedPermission'],
    });
    expect(unusedOf(r, 'ci-deployer')).toEqual({ unusedAccessAge: 90, findingTypes: [] });
    expect(r.outcome('unused-access-findings')).toMatchObject({ status: 'complete', items: 4 });
  });

  it('no ACTIVE unused-access analyzer: findings not asked, the source switched off with the reason, facts null', async () => {
    const r = await scan({
      ListAnalyzers: () => ({ analyzers: [{ ...unusedAccessAnalyzers.analyzers![0], status: 'DISABLED' }] }),
    });
    expect(r.calls.map((c) => c.action)).not.toContain('ListFindingsV2');
    expect(r.outcome('access-analyzers')).toMatchObject({ status: 'complete', items: 1 });
    expect(r.outcome('unused-access-findings')).toMatchObject({
      status: 'not-run',
      problem: {
        message:
          'switched off: account 111122223333 has no ACTIVE analyzer of type ACCOUNT_UNUSED_ACCESS (ListAnalyzers answered 1): create one to get unused-access findings',
      },
    });
    expect(unusedOf(r, 'vendor-backup')).toBeNull();
    expect(r.byName('vendor-backup')?.stale ?? []).toEqual([]);
  });

  it('ListAnalyzers denied: skipped with the permission; findings not read, so the sink keeps the stored facts', async () => {
    const r = await scan({
      ListAnalyzers: () =>
        Promise.reject(
          Object.assign(new Error('User is not authorized to perform: access-analyzer:ListAnalyzers'), {
            name: 'AccessDeniedException',
            $fault: 'client',
            $metadata: { httpStatusCode: 403 },
            details: { call: 'access-analyzer:ListAnalyzers' },
          }),
        ),
    });
    expect(r.outcome('access-analyzers')).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, permission: 'access-analyzer:ListAnalyzers' },
    });
    expect(r.outcome('unused-access-findings').status).toBe('not-run');
    // The engine's sink marks the field stale from the source's status; the scan writes no value of its own.
    expect(unusedOf(r, 'vendor-backup')).toBeUndefined();
  });

  it('a finding without resource is quarantined and every principal keeps its stored facts (marked stale)', async () => {
    const [first, ...rest] = unusedAccessFindings.findings!;
    const r = await scan({ ListFindingsV2: () => ({ findings: [{ ...first, resource: undefined }, ...rest] }) });
    expect(r.outcome('unused-access-findings')).toMatchObject({ status: 'partial', quarantined: 1 });
    expect(r.byName('unused-etl')?.stale).toContainEqual({
      field: 'attributes.unusedAccess',
      source: 'unused-access-findings',
    });
    expect(unusedOf(r, 'unused-etl')).toBeUndefined();
  });
});

describe('AWS scan: IAM service last accessed (option serviceLastAccessed)', () => {
  const lastAccessedOf = (r: Awaited<ReturnType<typeof scan>>, name: string) =>
    (r.byName(name)?.attributes as Record<string, unknown> | undefined)?.servicesLastAccessed;
  const arn = (kind: string, name: string) => `arn:aws:iam::111122223333:${kind}/${name}`;

  it('one ACTION_LEVEL job per NHI user and per role, polled to COMPLETED and paged; facts by hand', async () => {
    const r = await scan();
    const generated = r.calls.filter((c) => c.action === 'GenerateServiceLastAccessedDetails').map((c) => c.input);
    expect(generated).toContainEqual({ Arn: arn('role', 'vendor-backup'), Granularity: 'ACTION_LEVEL' });
    expect(generated.map((g) => g.Arn)).not.toContain(arn('user', 'alice@acme.example'));
    // Every NHI user and every role (SAML/SSO roles included: asked before the transform classifies them).
    expect(generated).toHaveLength(USERS_WITH_KEYS.length + roles.length);
    expect(r.calls.filter((c) => c.action === 'GetServiceLastAccessedDetails').map((c) => c.input)).toContainEqual({
      JobId: `job:${arn('user', 'ci/ci-deployer')}`,
      Marker: 'bGFzdGFjY2Vzc2VkOjE=',
    });
    expect(lastAccessedOf(r, 'vendor-backup')).toEqual({
      reportedAt: '2026-11-01T00:00:04.000Z',
      services: [
        { namespace: 'dynamodb', lastAuthenticated: null },
        { namespace: 'kms', lastAuthenticated: '2026-05-01T08:00:00.000Z' },
        { namespace: 's3', lastAuthenticated: '2026-10-30T08:00:00.000Z' },
      ],
    });
    expect(lastAccessedOf(r, 'ci-deployer')).toMatchObject({
      services: [
        { namespace: 'iam', lastAuthenticated: '2026-10-31T08:00:00.000Z' },
        { namespace: 's3', lastAuthenticated: '2026-10-28T08:00:00.000Z' },
      ],
    });
    expect(lastAccessedOf(r, 'github-deploy')).toMatchObject({ services: [] });
    expect(r.outcome('service-last-accessed')).toMatchObject({
      status: 'complete',
      items: USERS_WITH_KEYS.length + roles.length,
    });
  });

  it('off (the default): no job, the source switched off with the reason, facts null (unknown), nothing stale', async () => {
    const r = await scan({}, { serviceLastAccessed: false });
    expect(r.calls.map((c) => c.action)).not.toContain('GenerateServiceLastAccessedDetails');
    expect(r.outcome('service-last-accessed')).toMatchObject({
      status: 'not-run',
      problem: {
        message:
          'switched off: option serviceLastAccessed is off (a job of at least two IAM calls per NHI user and role)',
      },
    });
    expect(lastAccessedOf(r, 'vendor-backup')).toBeNull();
    expect(r.byName('vendor-backup')?.stale ?? []).toEqual([]);
  });

  it("one principal's job FAILED: that principal keeps its stored facts (stale), the others are filled, partial", async () => {
    const r = await scan({
      GetServiceLastAccessedDetails: (input) =>
        input.JobId === `job:${arn('role', 'vendor-backup')}`
          ? { JobStatus: 'FAILED', JobCreationDate: FIXTURE_NOW, Error: { Code: 'Internal', Message: 'try again' } }
          : lastAccessedPage(input),
    });
    expect(r.outcome('service-last-accessed').status).toBe('partial');
    expect(r.byName('vendor-backup')?.stale).toContainEqual({
      field: 'attributes.servicesLastAccessed',
      source: 'service-last-accessed',
    });
    expect(lastAccessedOf(r, 'vendor-backup')).toBeUndefined();
    expect(lastAccessedOf(r, 'unused-etl')).toMatchObject({ services: [{ namespace: 's3' }, { namespace: 'sts' }] });
  });

  it('Generate denied for every principal: the source skipped with the permission, nobody asked past the 5th', async () => {
    const r = await scan({
      GenerateServiceLastAccessedDetails: (input) =>
        Promise.reject(denied('GenerateServiceLastAccessedDetails', String(input.Arn))),
    });
    expect(r.outcome('service-last-accessed')).toMatchObject({
      status: 'skipped',
      problem: {
        httpStatus: 403,
        permission: 'iam:GenerateServiceLastAccessedDetails, iam:GetServiceLastAccessedDetails',
      },
    });
    expect(lastAccessedOf(r, 'vendor-backup')).toBeUndefined();
  });
});

describe('AWS scan: userKeyLists off (the default)', () => {
  it('asks no user for SSH keys or certificates; both sources not-run as switched off, no field kept as stale', async () => {
    const r = await scan({}, { userKeyLists: false });
    expect(r.calls.map((c) => c.action)).not.toContain('ListSSHPublicKeys');
    expect(r.calls.map((c) => c.action)).not.toContain('ListSigningCertificates');
    for (const source of ['ssh-keys', 'signing-certificates'])
      expect(r.outcome(source)).toMatchObject({
        status: 'not-run',
        items: 0,
        problem: { kind: 'other', message: 'switched off: option userKeyLists is off (one IAM call per NHI user)' },
      });
    // legacy-sync's certificate is not read: its credentials are its access key and service credentials, not stale.
    expect(r.byName('legacy-sync')?.credentials?.map((c) => c.type)).toEqual(['access_key', 'password', 'password']);
    for (const name of USERS_WITH_KEYS) expect(r.byName(name)?.stale ?? [], name).toEqual([]);
  });

  it('the engine marks no filled field stale for a switched-off source (it would for one merely not read)', async () => {
    const { staleFieldsOf } = await import('../../../sync/source-outcomes.js');
    const sources = new RunSources(awsSources, {} as RecordSink, {
      deadlineMs: 1000,
      signal: new AbortController().signal,
      log: silentLogger,
      excerpt: () => '',
      onQuarantine: async () => {},
    });
    const before = staleFieldsOf(awsSources, sources, 'user').filter((f) => f.source === 'ssh-keys');
    expect(before).toEqual([
      { field: 'credentials', source: 'ssh-keys' },
      { field: 'enabled', source: 'ssh-keys' },
    ]);
    sources.switchedOff('ssh-keys', 'test');
    expect(staleFieldsOf(awsSources, sources, 'user').filter((f) => f.source === 'ssh-keys')).toEqual([]);
    expect(sources.status('ssh-keys')).toBe('not-run');
  });
});

describe('AWS scan: SSH public keys (ssh-keys source)', () => {
  it('ListSSHPublicKeys once per NHI user, never for the person; keys join the user after its other credentials', async () => {
    const r = await scan();
    expect(
      r.calls
        .filter((c) => c.action === 'ListSSHPublicKeys')
        .map((c) => c.input.UserName)
        .sort(),
    ).toEqual([...USERS_WITH_KEYS].sort());
    const legacy = r.byName('legacy-sync')?.credentials ?? [];
    expect(legacy.map((c) => c.name)).toEqual([
      'AKIALEGACYSYNC017Q3Z',
      'legacy-sync-at-111122223333',
      'legacy-sync-at-111122223333+1',
      'APKALEGACYSYNC7Q3Z2W',
      'LEGACYSYNCSIGNINGCERT7Q3Z2W4K',
    ]);
    expect(legacy[3]).toMatchObject({
      id: `aws:${FIXTURE_ACCOUNT}:ssh_key:APKALEGACYSYNC7Q3Z2W`,
      type: 'ssh_key',
      createdAt: '2024-06-01T09:30:00.000Z',
      expiresAt: null,
      lastUsedAt: null,
      enabled: true,
      attributes: { status: 'Active', supportsExpiry: false },
    });
    expect(r.byName('break-glass')?.credentials?.find((c) => c.type === 'ssh_key')?.enabled).toBe(false);
    expect(r.outcome('ssh-keys')).toMatchObject({ status: 'complete', items: 3 });
  });

  it("one user's ListSSHPublicKeys AccessDenied: that user's credentials and enabled are kept; the others complete", async () => {
    const r = await scan({
      ListSSHPublicKeys: (input) => {
        if (input.UserName === 'legacy-sync')
          throw denied('ListSSHPublicKeys', `arn:aws:iam::${FIXTURE_ACCOUNT}:user/legacy-sync`);
        return sshKeysOf(input.UserName as string);
      },
    });
    expect(r.byName('legacy-sync')?.stale).toEqual([
      { field: 'credentials', source: 'ssh-keys' },
      { field: 'enabled', source: 'ssh-keys' },
    ]);
    expect(r.byName('reporting-bot')?.stale).toEqual([]);
    expect(r.byName('reporting-bot')?.credentials?.map((c) => c.name)).toContain('APKAREPORTINGBOT7Q3Z');
    const outcome = r.outcome('ssh-keys');
    expect(outcome).toMatchObject({ status: 'partial', objectsFailed: 1 });
    expect(outcome.objects[0]).toMatchObject({
      objectId: 'legacy-sync',
      httpStatus: 403,
      permission: 'iam:ListSSHPublicKeys',
    });
  });

  it('ListSSHPublicKeys refused for every user: skipped after 5 users with the permission, no user marked by the scan', async () => {
    const r = await scan(
      { ListSSHPublicKeys: (input) => Promise.reject(denied('ListSSHPublicKeys', `user ${input.UserName}`)) },
      { concurrency: 1 },
    );
    expect(r.calls.filter((c) => c.action === 'ListSSHPublicKeys')).toHaveLength(5);
    expect(r.outcome('ssh-keys')).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, permission: 'iam:ListSSHPublicKeys' },
    });
    // The sink marks every user's fills stale from the source's outcome; the scan adds nothing of its own.
    for (const name of USERS_WITH_KEYS) expect(r.byName(name)?.stale, name).toEqual([]);
    expect(r.byName('legacy-sync')?.credentials?.map((c) => c.type)).toEqual([
      'access_key',
      'password',
      'password',
      'certificate',
    ]);
  });

  it('a key without SSHPublicKeyId is quarantined and its user keeps its stored credentials and enabled', async () => {
    const r = await scan({
      ListSSHPublicKeys: (input) =>
        input.UserName === 'reporting-bot'
          ? { SSHPublicKeys: [{ UserName: 'reporting-bot', Status: 'Active', UploadDate: FIXTURE_NOW }] }
          : sshKeysOf(input.UserName as string),
    });
    expect(r.quarantined.map((q) => q.source)).toEqual(['ssh-keys']);
    expect(r.outcome('ssh-keys')).toMatchObject({ status: 'partial', quarantined: 1 });
    expect(r.byName('reporting-bot')?.stale).toEqual([
      { field: 'credentials', source: 'ssh-keys' },
      { field: 'enabled', source: 'ssh-keys' },
    ]);
    expect(r.byName('legacy-sync')?.stale).toEqual([]);
  });
});

describe('AWS scan: signing certificates (signing-certificates source)', () => {
  it('ListSigningCertificates only for the NHI user whose report row shows a certificate; it joins last', async () => {
    const r = await scan();
    expect(r.calls.filter((c) => c.action === 'ListSigningCertificates').map((c) => c.input)).toEqual([
      { UserName: 'legacy-sync', MaxItems: 100 },
    ]);
    const cert = r.byName('legacy-sync')?.credentials?.at(-1);
    expect(cert).toMatchObject({
      id: `aws:${FIXTURE_ACCOUNT}:signing_certificate:LEGACYSYNCSIGNINGCERT7Q3Z2W4K`,
      type: 'certificate',
      createdAt: '2024-03-10T08:00:00.000Z',
      expiresAt: null,
      enabled: true,
      attributes: { status: 'Active', supportsExpiry: false },
    });
    expect(r.outcome('signing-certificates')).toMatchObject({ status: 'complete', items: 1 });
  });

  it('the credential report refused: every NHI user is asked (no row tells who holds one)', async () => {
    const r = await scan({
      GenerateCredentialReport: () => Promise.reject(denied('GenerateCredentialReport', '*')),
      GetAccessKeyLastUsed: () => ({ AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } }),
    });
    const asked = r.calls.filter((c) => c.action === 'ListSigningCertificates').map((c) => c.input.UserName);
    expect(asked).toContain('legacy-sync');
    expect(asked.sort()).toEqual([...USERS_WITH_KEYS].sort());
  });

  it("one user's ListSigningCertificates AccessDenied: its credentials and enabled are kept, the source partial", async () => {
    const r = await scan({
      ListSigningCertificates: () =>
        Promise.reject(denied('ListSigningCertificates', `arn:aws:iam::${FIXTURE_ACCOUNT}:user/legacy-sync`)),
    });
    expect(r.byName('legacy-sync')?.stale).toEqual([
      { field: 'credentials', source: 'signing-certificates' },
      { field: 'enabled', source: 'signing-certificates' },
    ]);
    expect(r.outcome('signing-certificates')).toMatchObject({
      status: 'partial',
      objectsFailed: 1,
      objects: [{ objectId: 'legacy-sync', httpStatus: 403, permission: 'iam:ListSigningCertificates' }],
    });
  });
});
