import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../../sync/failure.js';
import { cloudFixture, cloudFixtureIdentities } from '../fixtures/cloud.js';
import * as p from '../fixtures/cloud-payloads.js';
import { bindingsOf, poolPermissions } from './iam-policy.js';
import { indexActivity, type LastAuthIndex } from './last-authentication.js';
import { configuredProjects, projectRef } from './projects.js';
import { expiryOf, keyCredential } from './sa-keys.js';
import { defaultAccountKind, transform } from './service-accounts.js';

const PROD = { projectId: 'acme-prod', projectNumber: '482910374651' };
const sa = (uniqueId: string) => cloudFixture('service_account', uniqueId);

describe('projects', () => {
  it('takes the id and the number of an ACTIVE project, skips one pending deletion', () => {
    expect(projectRef(p.PROJECT_PROD)).toEqual(PROD);
    expect(projectRef(p.PROJECT_DELETING)).toBeNull();
    expect(configuredProjects(['a', 'b', 'a'])).toEqual([
      { projectId: 'a', projectNumber: null },
      { projectId: 'b', projectNumber: null },
    ]);
  });
});

describe('service accounts', () => {
  it('maps an account: unique id as native id, email as name, oauth2ClientId kept for delegation', () => {
    const etl = sa('112233445566778899001');
    expect(etl.id).toBe('google:acme-fixture:service_account:112233445566778899001');
    expect(etl.name).toBe('etl-runner@acme-prod.iam.gserviceaccount.com');
    expect(etl.kind).toBe('service_account');
    expect(etl.enabled).toBe(true);
    expect(etl.attributes).toEqual({
      projectId: 'acme-prod',
      projectNumber: '482910374651',
      email: 'etl-runner@acme-prod.iam.gserviceaccount.com',
      uniqueId: '112233445566778899001',
      oauth2ClientId: '112233445566778899001',
      displayName: 'ETL runner',
      description: 'nightly loads; owner: dennis@acme-fixture.test',
      defaultServiceAccount: null,
    });
    expect(etl.lastUsedAt).toBe('2026-10-30T07:00:00.000Z');
    expect(etl.lastUsedSource).toBe('Policy Analyzer serviceAccountLastAuthentication');
  });

  it('tells the default accounts by their email', () => {
    expect(defaultAccountKind('482910374651-compute@developer.gserviceaccount.com')).toBe('compute_engine');
    expect(defaultAccountKind('acme-prod@appspot.gserviceaccount.com')).toBe('app_engine');
    expect(defaultAccountKind('compute@acme-prod.iam.gserviceaccount.com')).toBeNull();
    expect(sa('112233445566778899002').attributes?.defaultServiceAccount).toBe('compute_engine');
  });

  it('a disabled account is not enabled', () => {
    expect(sa('112233445566778899003').enabled).toBe(false);
  });

  it('owner from the description (strong) and from roles/iam.serviceAccountAdmin on the project (weak)', () => {
    expect(sa('112233445566778899001').ownerClaims).toEqual([
      {
        ref: 'dennis@acme-fixture.test',
        refType: 'email',
        source: 'explicit_owner',
        confidence: 0.8,
        evidence: 'named as owner in the description',
      },
      {
        ref: 'grace@acme-fixture.test',
        refType: 'email',
        source: 'repo_admin',
        confidence: 0.4,
        evidence: 'holds roles/iam.serviceAccountAdmin on project acme-prod',
      },
    ]);
    expect(sa('223344556677889900111').ownerClaims?.map((c) => c.ref)).toEqual(['ken@acme-fixture.test']);
  });

  it('usage unknown (Policy Analyzer not read) leaves lastUsedSource null on the account and its keys', () => {
    const reporting = sa('223344556677889900111');
    expect(reporting.lastUsedAt).toBeNull();
    expect(reporting.lastUsedSource).toBeNull();
    expect(reporting.credentials?.[0]?.lastUsedSource).toBeNull();
  });

  it('refuses an account without email or uniqueId (quarantined, not stored half)', () => {
    expect(() => transform({ ...p.SA_ETL, uniqueId: undefined }, PROD, { tenant: 't' })).toThrow(InvalidRecordError);
    expect(() => transform({ ...p.SA_ETL, email: '' }, PROD, { tenant: 't' })).toThrow(InvalidRecordError);
  });
});

describe('user-managed keys', () => {
  const account = { email: 'etl-runner@acme-prod.iam.gserviceaccount.com', uniqueId: '112233445566778899001' };

  it('validAfterTime is the creation, the year-9999 validBeforeTime means no expiry', () => {
    const [old, fresh] = sa('112233445566778899001').credentials ?? [];
    expect(old).toMatchObject({
      id: '3f2e1d0c9b8a7f6e5d4c3b2a19081726',
      type: 'private_key',
      createdAt: '2025-06-01T09:30:00.000Z',
      expiresAt: null,
      lastUsedAt: '2026-10-30T07:00:00.000Z',
      lastUsedSource: 'Policy Analyzer serviceAccountKeyLastAuthentication',
      enabled: true,
    });
    expect(old.attributes).toEqual({
      supportsExpiry: true,
      keyAlgorithm: 'KEY_ALG_RSA_2048',
      keyOrigin: 'GOOGLE_PROVIDED',
      keyType: 'USER_MANAGED',
      disableReason: null,
      extendedStatus: [],
      exposed: false,
    });
    expect(fresh).toMatchObject({ expiresAt: '2026-12-14T08:00:00.000Z', lastUsedAt: null });
    expect(expiryOf('9999-12-31T23:59:59.000Z')).toBeNull();
  });

  it('exposure from extendedStatus or from the disable reason', () => {
    const [exposed, disabled] = sa('112233445566778899004').credentials ?? [];
    expect(exposed.attributes).toMatchObject({
      exposed: true,
      extendedStatus: ['SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_EXPOSED'],
    });
    expect(disabled).toMatchObject({
      enabled: false,
      attributes: { exposed: true, disableReason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED' },
    });
  });

  it('skips a system-managed key and refuses one without name', () => {
    expect(keyCredential({ name: 'x/keys/k', keyType: 'SYSTEM_MANAGED' }, account, null)).toBeNull();
    expect(() => keyCredential({ keyType: 'USER_MANAGED' }, account, null)).toThrow(InvalidRecordError);
    expect(() => keyCredential({ name: 'x/keys/k', validAfterTime: 'yesterday' }, account, null)).toThrow(
      InvalidRecordError,
    );
  });
});

describe('project IAM policy', () => {
  it('roles of service accounts, with tiers and the condition kept', () => {
    const deployer = sa('112233445566778899004').permissions ?? [];
    expect(deployer.map((x) => [x.nativeName, x.access, x.pathToAdmin])).toEqual([
      ['roles/iam.serviceAccountTokenCreator', 'write', true],
      ['roles/run.admin', 'admin', false],
    ]);
    expect(deployer[0].attributes).toEqual({
      member: 'serviceAccount:ci-deployer@acme-prod.iam.gserviceaccount.com',
      projectId: 'acme-prod',
      conditionTitle: 'until 2027',
      conditionExpression: 'request.time < timestamp("2027-01-01T00:00:00Z")',
    });
    expect(sa('112233445566778899001').permissions?.map((x) => [x.nativeName, x.access, x.resource])).toEqual([
      ['roles/editor', 'admin', 'projects/acme-prod'],
    ]);
  });

  it('deleted members grant nothing; a pool principalSet goes to the pool', () => {
    const b = bindingsOf(p.POLICY_PROD, PROD);
    expect([...b.bySa.keys()].sort()).toEqual([
      '482910374651-compute@developer.gserviceaccount.com',
      'ci-deployer@acme-prod.iam.gserviceaccount.com',
      'etl-runner@acme-prod.iam.gserviceaccount.com',
    ]);
    expect(b.saAdmins).toEqual(['grace@acme-fixture.test']);
    expect(poolPermissions(b, p.POOL_GITHUB.name as string, PROD).map((x) => x.nativeName)).toEqual([
      'roles/artifactregistry.writer',
    ]);
    // The pools list may name the project by id: both spellings are looked up.
    const byId = 'projects/acme-prod/locations/global/workloadIdentityPools/github-pool';
    expect(poolPermissions(b, byId, PROD)).toHaveLength(1);
  });

  it('refuses a binding it cannot read rather than dropping a grant', () => {
    const broken = { bindings: [{ role: 'roles/editor', members: ['serviceAccount:a@b'] }, 'malformed-item'] };
    expect(() => bindingsOf(broken as never, PROD)).toThrow(InvalidRecordError);
  });
});

describe('Policy Analyzer last authentication', () => {
  it('indexes by the nested fullResourceName and by unique id, keeping the latest day', () => {
    const index: LastAuthIndex = new Map();
    for (const a of p.KEY_ACTIVITIES_PROD) expect(indexActivity(a, index)).toBe(true);
    expect(index.get('etl-runner@acme-prod.iam.gserviceaccount.com/3f2e1d0c9b8a7f6e5d4c3b2a19081726')).toBe(
      '2026-10-30T07:00:00.000Z',
    );
    expect(index.get('112233445566778899001/3f2e1d0c9b8a7f6e5d4c3b2a19081726')).toBe('2026-10-30T07:00:00.000Z');
    const older = {
      ...p.SA_ACTIVITIES_PROD[0],
      activity: { ...p.SA_ACTIVITIES_PROD[0].activity, lastAuthenticatedTime: '2026-01-01T07:00:00Z' },
    };
    const sas: LastAuthIndex = new Map();
    indexActivity(p.SA_ACTIVITIES_PROD[0], sas);
    indexActivity(older, sas);
    expect(sas.get('etl-runner@acme-prod.iam.gserviceaccount.com')).toBe('2026-10-30T07:00:00.000Z');
  });

  it('an activity without time or resource is not read (the scan quarantines it)', () => {
    const index: LastAuthIndex = new Map();
    expect(indexActivity('malformed-item' as never, index)).toBe(false);
    expect(indexActivity({ activity: { lastAuthenticatedTime: '2026-10-30T07:00:00Z' } }, index)).toBe(false);
    expect(index.size).toBe(0);
  });
});

describe('workload identity providers', () => {
  const [open, pinned] = cloudFixtureIdentities().filter((i) => i.nativeType === 'workload_identity_provider');

  it("maps a GitHub OIDC provider with its pool, mapping, condition and the pool principals' roles", () => {
    expect(open.id).toBe(
      'google:acme-fixture:workload_identity_provider:projects/482910374651/locations/global/workloadIdentityPools/github-pool/providers/github-open',
    );
    expect(open.kind).toBe('workload_identity');
    expect(open.attributes).toMatchObject({
      poolId: 'github-pool',
      providerId: 'github-open',
      protocol: 'oidc',
      issuerUri: 'https://token.actions.githubusercontent.com',
      attributeCondition: null,
      githubActions: true,
      attributeMapping: {
        'google.subject': 'assertion.sub',
        'attribute.repository': 'assertion.repository',
        'attribute.repository_owner': 'assertion.repository_owner',
      },
    });
    expect(open.permissions?.map((x) => x.nativeName)).toEqual(['roles/artifactregistry.writer']);
    expect(pinned.attributes?.attributeCondition).toBe("assertion.repository_owner == 'acme'");
  });
});
