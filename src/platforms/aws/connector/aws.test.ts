import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestStore } from '../../../testing/store.js';
import { fixedClock } from '../../../lib/clock.js';
import { generateEstate, type Estate } from '../../../emulation/estate/index.js';
import { awsAccountSizes, type AwsEstateData, type AwsIdentityLabel } from '../estate/index.js';
import { startAwsEmulator, type AwsEmulator } from '../emulator/index.js';
import { listEdges, listIdentityViews, listPeople, type IdentityView } from '../../../store/index.js';
import type { SyncRun } from '../../../model/index.js';
import { runSync, type TenantJob } from '../../../sync/engine.js';
import { awsConnector } from './index.js';
import { DEFAULT_THRESHOLDS } from '../../../config/thresholds.js';
import { hasUnusedServices } from '../estate/service-access.js';
import { rule as unusedServicesRule } from '../rules/aws-unused-services.js';

/**
 * End to end: generated estate → IAM emulator (awsQuery, SigV4) → @aws-sdk/client-iam → connector → sync → store.
 * Expectations come only from estate.labels (sizes for the call minimum from the estate's account sizes).
 */
let estate: Estate;
let aws: AwsEmulator;
let labels: AwsIdentityLabel[];
const secretVar = (i: number) => `STEWARD_TEST_AWS_SECRET_${i + 1}`;

function jobs(): TenantJob[] {
  return aws.credentials.map((c, i) => ({
    platform: 'aws',
    tenant: c.accountId,
    options: {
      endpoint: aws.emulator.url,
      region: 'us-east-1',
      accessKeyId: c.accessKeyId,
      secretAccessKey: { env: secretVar(i) },
    },
  }));
}

async function sync(store: Awaited<ReturnType<typeof openTestStore>>, list = jobs()): Promise<SyncRun[]> {
  return runSync(list, {
    store,
    connectors: (p) => (p === 'aws' ? awsConnector : undefined),
    clock: fixedClock(estate.now),
    concurrency: 2,
  });
}

/**
 * Minimum calls for one account: 1 (sts:GetCallerIdentity) + 2 (generate + get report) + ceil(GAAD items / 1000) + users with a key + the
 * account-wide lists (service-specific credentials 1000 a page, ListOpenIDConnectProviders + one Get per provider,
 * ListSAMLProviders); with `userKeyLists`, + one ListSSHPublicKeys per user scanned as an NHI + one
 * ListSigningCertificates per NHI user whose report row shows a certificate.
 */
function minimumCalls(accountId: string, userKeyLists = false, serviceLastAccessed = false): number {
  const s = awsAccountSizes(estate.platforms.aws as AwsEstateData, accountId);
  const usersWithKeys = labels.filter(
    (l) => l.tenant === accountId && l.aws.nativeType === 'user' && l.credentials.some((c) => c.type === 'access_key'),
  ).length;
  expect(usersWithKeys).toBe(s.usersWithKeys); // every user with a key is an NHI and labelled
  const nhiUsers = labels.filter((l) => l.tenant === accountId && l.aws.nativeType === 'user').length;
  expect(nhiUsers).toBe(s.nhiUsers);
  const lists = Math.max(1, Math.ceil(s.serviceCredentials / 1000)) + 1 + s.oidcProviders + 1;
  const userKeyListCalls = userKeyLists ? s.nhiUsers + s.nhiUsersWithCertificates : 0;
  // 1: sts:GetCallerIdentity at scan start; then Access Analyzer's ListAnalyzers (+ ListFindingsV2 pages).
  const gaad = Math.ceil((s.users + s.groups + s.roles + s.policies) / 1000);
  const lastAccessedCalls = serviceLastAccessed ? 2 * s.lastAccessedJobs : 0;
  return 1 + 2 + gaad + usersWithKeys + lists + userKeyListCalls + s.accessAnalyzerCalls + lastAccessedCalls;
}

beforeAll(async () => {
  estate = await generateEstate({ seed: 11, size: 400, platforms: ['aws'] });
  labels = estate.labels.identities.filter((l) => l.platform === 'aws') as AwsIdentityLabel[];
  aws = await startAwsEmulator(estate.platforms.aws as AwsEstateData);
  aws.credentials.forEach((c, i) => {
    process.env[secretVar(i)] = c.secretAccessKey;
  });
});
afterAll(async () => {
  await aws?.emulator.close();
  aws?.credentials.forEach((_c, i) => {
    delete process.env[secretVar(i)];
  });
});

const ownerOf = (v: IdentityView) => {
  const email = v.ownerClaims.find((c) => c.source === 'tag' && c.refType === 'email')?.ref ?? null;
  const team = v.ownerClaims.find((c) => c.source === 'tag' && c.refType === 'team')?.ref ?? null;
  return email || team ? { email, team, source: 'tag' } : null;
};

describe.each(ENGINES)('AWS IAM connector end to end (%s)', (engine) => {
  it('recovers every labelled user, key, role, trust and policy grant, with edges, within 5% of the minimum calls', async () => {
    const store = await openTestStore(engine);
    try {
      aws.emulator.faults.reset();
      const runs = await sync(store);
      for (const run of runs) expect(run.status, run.errors.join('\n')).toBe('succeeded');

      const views = await listIdentityViews(store, { platform: 'aws' });
      const byId = new Map(views.map((v) => [v.id, v]));
      expect([...byId.keys()].sort()).toEqual(labels.map((l) => l.id).sort());

      for (const l of labels) {
        const v = byId.get(l.id)!;
        const where = `${l.name} (${l.id})`;
        expect(
          {
            name: v.name,
            kind: v.kind,
            tenant: v.tenant,
            createdAt: v.createdAt,
            lastUsedAt: v.lastUsedAt,
            enabled: v.enabled,
            thirdParty: v.thirdParty,
          },
          where,
        ).toEqual({
          name: l.name,
          kind: l.kind,
          tenant: l.tenant,
          createdAt: l.createdAt,
          lastUsedAt: l.lastUsedAt,
          enabled: l.enabled,
          thirdParty: l.thirdParty,
        });
        expect(
          v.credentials
            .map((c) => ({
              id: c.id,
              type: c.type,
              createdAt: c.createdAt,
              expiresAt: c.expiresAt,
              lastUsedAt: c.lastUsedAt,
              enabled: c.enabled,
              status: c.attributes.status ?? (c.enabled ? 'Active' : 'Inactive'),
              lastUsedService: c.attributes.lastUsedService ?? null,
              lastUsedRegion: c.attributes.lastUsedRegion ?? null,
              serviceName: c.attributes.serviceName ?? null,
              supportsExpiry: c.attributes.supportsExpiry === true,
            }))
            .sort((a, b) => a.id.localeCompare(b.id)),
          where,
        ).toEqual(
          l.credentials
            .map((c) => ({
              id: c.id,
              type: c.type,
              createdAt: c.createdAt,
              expiresAt: c.expiresAt,
              lastUsedAt: c.lastUsedAt,
              enabled: c.enabled,
              status: c.status,
              lastUsedService: c.lastUsedService,
              lastUsedRegion: c.lastUsedRegion,
              serviceName: c.serviceName,
              supportsExpiry: c.supportsExpiry,
            }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        );
        expect([...new Set(v.permissions.map((p) => p.nativeName))].sort(), where).toEqual(l.permissions);
        expect(ownerOf(v), where).toEqual(l.owner);
        expect(v.interactive, where).toBe(l.aws.interactive);
        expect(
          typeof v.attributes.humanUseEvidence === 'string' && v.attributes.humanUseEvidence.length > 0,
          where,
        ).toBe(l.aws.humanUse);
        // The normalized permissions carry exactly the admin / escalation signals the labels planted.
        const admin = v.permissions.some((p) => p.access === 'admin' || p.pathToAdmin);
        const escalation = v.permissions.some((p) => p.pathToAdmin && p.access !== 'admin');
        expect(admin, `${where} nhi-admin-privilege`).toBe(l.risks.includes('nhi-admin-privilege'));
        expect(escalation, `${where} aws-privilege-escalation`).toBe(l.risks.includes('aws-privilege-escalation'));
        // Access Analyzer: an ACTIVE UnusedIAMRole/UnusedPermission finding reaches the principal's facts.
        const unused = v.attributes.unusedAccess as { findingTypes: string[] } | null;
        const unusedPermissions = (unused?.findingTypes ?? []).some(
          (t) => t === 'UnusedIAMRole' || t === 'UnusedPermission',
        );
        expect(unusedPermissions, `${where} aws-unused-permissions`).toBe(l.risks.includes('aws-unused-permissions'));
        if (l.aws.nativeType === 'user' || l.aws.nativeType === 'role')
          expect(unused === null, `${where} no analyzer in the account`).toBe(l.tenant !== '111122223333');
        if (l.aws.nativeType === 'role') {
          const trust = v.attributes.trustSummary as {
            principals: string[];
            conditionKeys: string[];
            githubOpenTrust: boolean;
            crossAccountWithoutExternalId: boolean;
          };
          expect(trust.principals, where).toEqual(l.aws.trustPrincipals);
          expect(trust.conditionKeys, where).toEqual(l.aws.trustConditionKeys);
          expect(trust.githubOpenTrust, where).toBe(l.risks.includes('aws-oidc-trust-without-sub'));
          expect(trust.crossAccountWithoutExternalId, where).toBe(l.risks.includes('aws-cross-account-no-external-id'));
          expect(Array.isArray(v.attributes.trust), where).toBe(true);
        }
      }

      const edges = [
        ...(await listEdges(store, { kind: 'trusts_oidc' })),
        ...(await listEdges(store, { kind: 'trusts_provider' })),
      ]
        .map((e) => `${e.from} -${e.kind}-> ${e.to}`)
        .sort();
      expect(edges).toEqual(
        estate.labels.edges
          .filter((e) => e.from.startsWith('aws:'))
          .map((e) => `${e.from} -${e.kind}-> ${e.to}`)
          .sort(),
      );
      expect(edges.some((e) => e.includes('-trusts_oidc-> github:'))).toBe(true);
      // Every provider edge points at a provider the scan stored (the estate's trusts name existing providers).
      for (const e of edges.filter((x) => x.includes('-trusts_provider-> ')))
        expect(byId.has(e.split('-trusts_provider-> ')[1]), e).toBe(true);

      // Human IAM users (console password, no keys) are people, not identities.
      const people = await listPeople(store, { source: 'aws' });
      expect(people.length).toBeGreaterThan(0);
      expect(people.every((p) => !byId.has(p.id))).toBe(true);

      for (const run of runs) {
        const min = minimumCalls(run.tenant);
        expect(run.apiCalls, `${run.tenant}: ${run.apiCalls} calls, minimum ${min}`).toBeGreaterThanOrEqual(min);
        expect(run.apiCalls, `${run.tenant}: ${run.apiCalls} calls, minimum ${min}`).toBeLessThanOrEqual(
          Math.floor(1.05 * min),
        );
        expect(run.retries).toBe(0);
      }
      expect(runs.reduce((a, r) => a + r.apiCalls, 0)).toBe(aws.emulator.totalRequests() - countBefore(aws));
    } finally {
      await store.close();
    }
  });
});

// Requests seen by the emulator before the current test (tests in this file run sequentially).
let seen = 0;
function countBefore(e: AwsEmulator): number {
  const before = seen;
  seen = e.emulator.totalRequests();
  return before;
}

describe('AWS IAM connector with userKeyLists', () => {
  it('reads the planted SSH keys and signing certificate, one call per NHI user (and certificate holder) more', async () => {
    countBefore(aws);
    const store = await openTestStore('sqlite');
    try {
      const runs = await sync(
        store,
        jobs().map((j) => ({ ...j, options: { ...(j.options as object), userKeyLists: true } })),
      );
      for (const run of runs) {
        expect(run.status, run.errors.join('\n')).toBe('succeeded');
        expect(run.apiCalls).toBe(minimumCalls(run.tenant, true));
        expect(run.sources.find((o) => o.source === 'ssh-keys')?.status).toBe('complete');
      }
      const data = estate.platforms.aws as AwsEstateData;
      const views = await listIdentityViews(store, { platform: 'aws' });
      for (const account of data.accounts)
        for (const u of account.users.filter((x) => x.sshPublicKeys.length + x.signingCertificates.length > 0)) {
          const v = views.find((x) => x.tenant === account.accountId && x.name === u.userName);
          if (!v) continue; // a person (console password, no key): its keys are not read
          const expected = [
            ...u.sshPublicKeys.map((k) => `ssh_key ${k.sshPublicKeyId} ${k.status === 'Active'}`),
            ...u.signingCertificates.map((c) => `certificate ${c.certificateId} ${c.status === 'Active'}`),
          ];
          const got = v.credentials
            .filter((c) => c.type === 'ssh_key' || c.type === 'certificate')
            .map((c) => `${c.type} ${c.id.split(':').at(-1)} ${c.enabled}`);
          expect(got.sort(), u.userName).toEqual(expected.sort());
        }
      const deploy = views.find((v) => v.name === 'svc-codecommit-deploy' && v.tenant === '111122223333');
      expect(deploy?.enabled).toBe(true); // its only active credential is an SSH key
    } finally {
      await store.close();
    }
  });
});

describe('AWS IAM connector with serviceLastAccessed', () => {
  it('runs one job per NHI user and role; aws-unused-services fires exactly on the principals the estate planted', async () => {
    countBefore(aws);
    const store = await openTestStore('sqlite');
    try {
      const runs = await sync(
        store,
        jobs().map((j) => ({ ...j, options: { ...(j.options as object), serviceLastAccessed: true } })),
      );
      for (const run of runs) {
        expect(run.status, run.errors.join('\n')).toBe('succeeded');
        expect(run.apiCalls).toBe(minimumCalls(run.tenant, false, true));
        expect(run.sources.find((o) => o.source === 'service-last-accessed')?.status).toBe('complete');
      }
      // The labels of a scan with the option (the estate's own oracle: data.serviceLastAccessed on).
      const data = { ...(estate.platforms.aws as AwsEstateData), serviceLastAccessed: true };
      const expected = new Set<string>();
      for (const account of data.accounts)
        for (const p of [...account.users, ...account.roles])
          if (hasUnusedServices(data, account, p, DEFAULT_THRESHOLDS.staleDays))
            expected.add(`${account.accountId}/${'userName' in p ? p.userName : p.roleName}`);
      const now = new Date(estate.now);
      const ctx = { now, nowMs: now.getTime(), thresholds: { ...DEFAULT_THRESHOLDS } };
      const labelled = new Set(labels.map((l) => `${l.tenant}/${l.name}`));
      const views = await listIdentityViews(store, { platform: 'aws' });
      const fired = views
        .filter((v) => (unusedServicesRule.evaluate(v, ctx, undefined) ?? []).length > 0)
        .map((v) => `${v.tenant}/${v.name}`);
      expect(fired.length).toBeGreaterThanOrEqual(2);
      expect(fired.sort()).toEqual([...expected].filter((k) => labelled.has(k)).sort());
    } finally {
      await store.close();
    }
  });
});

describe('AWS IAM connector failures', () => {
  it('a wrong secret fails that tenant with a clear error; the other account still succeeds', async () => {
    countBefore(aws);
    const store = await openTestStore('sqlite');
    try {
      process.env.STEWARD_TEST_AWS_WRONG = 'not-the-right-secret-at-all-0000000000';
      const list = jobs();
      list[0] = {
        ...list[0],
        options: { ...(list[0].options as object), secretAccessKey: { env: 'STEWARD_TEST_AWS_WRONG' } },
      };
      const [bad, good] = await sync(store, list);
      expect(bad.status).toBe('failed');
      expect(bad.errors.join('\n')).toMatch(/signature we calculated does not match/i);
      expect(bad.errors.join('\n')).toMatch(/HTTP 403/);
      expect(bad.errors.join('\n')).not.toContain('not-the-right-secret');
      expect(good.status).toBe('succeeded');
      expect(good.counts.identities).toBe(labels.filter((l) => l.tenant === good.tenant).length);
    } finally {
      delete process.env.STEWARD_TEST_AWS_WRONG;
      await store.close();
    }
  });

  it('an unknown access key is InvalidClientTokenId; a tenant id that is not the account is refused', async () => {
    countBefore(aws);
    const store = await openTestStore('sqlite');
    try {
      const list = jobs();
      list[0] = { ...list[0], options: { ...(list[0].options as object), accessKeyId: 'AKIAUNKNOWNKEY000000' } };
      list[1] = { ...list[1], tenant: '123456789012' };
      const [unknown, mismatch] = await sync(store, list);
      expect(unknown.status).toBe('failed');
      expect(unknown.errors.join('\n')).toMatch(/security token included in the request is invalid/);
      expect(mismatch.status).toBe('failed');
      expect(mismatch.errors.join('\n')).toMatch(/open AWS account 444455556666/);
      expect(await listIdentityViews(store, { platform: 'aws' })).toHaveLength(0);
    } finally {
      await store.close();
    }
  });

  it('survives IAM Throttling (HTTP 400 XML) with retries counted', async () => {
    countBefore(aws);
    const store = await openTestStore('sqlite');
    try {
      aws.emulator.faults.set({ throttleEvery: 9 });
      const runs = await sync(store, jobs().slice(1));
      aws.emulator.faults.reset();
      const run = runs[0];
      expect(run.status, run.errors.join('\n')).toBe('succeeded');
      expect(run.retries).toBeGreaterThan(0);
      expect(run.apiCalls).toBe(minimumCalls(run.tenant) + run.retries);
      expect(run.counts.identities).toBe(labels.filter((l) => l.tenant === run.tenant).length);
    } finally {
      aws.emulator.faults.reset();
      await store.close();
    }
  });

  it('waits for a credential report that is still being generated', async () => {
    countBefore(aws);
    const fresh = await startAwsEmulator(estate.platforms.aws as AwsEstateData, { reportDelayMs: 1500 });
    const store = await openTestStore('sqlite');
    try {
      const c = fresh.credentials[1];
      process.env.STEWARD_TEST_AWS_FRESH = c.secretAccessKey;
      const [run] = await sync(store, [
        {
          platform: 'aws',
          tenant: c.accountId,
          options: {
            endpoint: fresh.emulator.url,
            accessKeyId: c.accessKeyId,
            secretAccessKey: { env: 'STEWARD_TEST_AWS_FRESH' },
          },
        },
      ]);
      expect(run.status, run.errors.join('\n')).toBe('succeeded');
      expect(fresh.control.actionCounts.get('GetCredentialReport')).toBeGreaterThan(1);
      expect(run.counts.identities).toBe(labels.filter((l) => l.tenant === c.accountId).length);
    } finally {
      delete process.env.STEWARD_TEST_AWS_FRESH;
      await fresh.emulator.close();
      await store.close();
    }
  });
});
