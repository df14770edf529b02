import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate, type Estate } from '../../../emulation/estate/index.js';
import { fixedClock } from '../../../lib/clock.js';
import type { SyncRun } from '../../../model/index.js';
import { listIdentityViews, listPeople, type Store } from '../../../store/index.js';
import { runSync, type TenantJob } from '../../../sync/engine.js';
import { openTestStore } from '../../../testing/store.js';
import { startAwsEmulator, type AwsEmulator } from '../emulator/index.js';
import type { AwsEstateData, AwsIdentityLabel } from '../estate/index.js';
import { EMULATED_OPERATIONS } from '../emulator/iam.js';
import { awsConnector } from './index.js';

/**
 * Per-source faults on the IAM emulator, each after a clean scan into the same store: what the run reports (status,
 * source outcome, endpoint, IAM's code and message, the action to grant) and that nothing stored is lost. Expected
 * names come from the estate's labels and data; refusal texts from the IAM User Guide's access-denied wording.
 */
let estate: Estate;
let data: AwsEstateData;
let aws: AwsEmulator;
let store: Store;
let labels: AwsIdentityLabel[];
const SECRET = 'STEWARD_TEST_AWS_FAULTS_SECRET';

/** The second account: the first tenant's keys are not needed for these tests. */
const account = () => aws.credentials[1];
const job = (options: Record<string, unknown> = {}): TenantJob => ({
  platform: 'aws',
  tenant: account().accountId,
  options: {
    endpoint: aws.emulator.url,
    accessKeyId: account().accessKeyId,
    secretAccessKey: { env: SECRET },
    ...options,
  },
});
const scan = async (options: Record<string, unknown> = {}): Promise<SyncRun> =>
  (
    await runSync([job(options)], {
      store,
      connectors: (p) => (p === 'aws' ? awsConnector : undefined),
      clock: fixedClock(estate.now),
    })
  )[0];
const outcome = (run: SyncRun, source: string) => run.sources.find((s) => s.source === source);
const stored = async () => {
  const views = await listIdentityViews(store, { platform: 'aws', tenant: account().accountId });
  return new Map(views.map((v) => [v.name, v]));
};
const tenantLabels = () => labels.filter((l) => l.tenant === account().accountId);

beforeAll(async () => {
  estate = await generateEstate({ seed: 11, size: 200, platforms: ['aws'] });
  data = estate.platforms.aws as AwsEstateData;
  labels = estate.labels.identities.filter((l) => l.platform === 'aws') as AwsIdentityLabel[];
  aws = await startAwsEmulator(data);
  process.env[SECRET] = account().secretAccessKey;
  store = await openTestStore('sqlite');
  const clean = await scan();
  expect(clean.status, clean.errors.join('\n')).toBe('succeeded');
});
afterAll(async () => {
  delete process.env[SECRET];
  await aws?.emulator.close();
  await store?.close();
});

describe('AWS IAM sources under faults (after a clean scan)', () => {
  it("calls only the IAM actions its sources declare, and the clean scan's labels are all stored", async () => {
    const declared = awsConnector.sources.flatMap((s) => s.endpoints);
    // actionCounts holds bare Action names: the operation of each is the one the emulator answers by that name.
    const called = [...aws.control.actionCounts.keys()].map(
      (a) => EMULATED_OPERATIONS.find((o) => o.endsWith(`:${a}`)) ?? a,
    );
    expect(called).toContain('access-analyzer:ListAnalyzers');
    expect(called).toContain('sts:GetCallerIdentity');
    expect(called.filter((a) => !declared.includes(a))).toEqual([]);
    expect([...(await stored()).keys()].sort()).toEqual(
      tenantLabels()
        .map((l) => l.name)
        .sort(),
    );
  });

  it("IAM denies one user's ListAccessKeys: the run is partial, the failure names the user, its stored keys stay", async () => {
    const user = tenantLabels().find((l) => l.aws.nativeType === 'user' && l.credentials.length > 0)!;
    const path = data.accounts
      .find((a) => a.accountId === account().accountId)!
      .users.find((u) => u.userName === user.name)!.path;
    const before = await stored();
    aws.control.denied = [{ action: 'ListAccessKeys', userName: user.name }];
    try {
      const run = await scan();
      expect(run.status).toBe('partial');
      const keys = outcome(run, 'access-keys');
      expect(keys?.status).toBe('partial');
      expect(keys?.objects).toHaveLength(1);
      expect(keys?.objects[0]).toMatchObject({
        objectId: user.name,
        endpoint: 'iam:ListAccessKeys',
        kind: 'http',
        httpStatus: 403,
        vendorCode: 'AccessDenied',
        permission: 'iam:ListAccessKeys, iam:GetAccessKeyLastUsed',
        message: `User: arn:aws:iam::${account().accountId}:user/steward-scanner is not authorized to perform: iam:ListAccessKeys on resource: arn:aws:iam::${account().accountId}:user${path}${user.name} because no identity-based policy allows the iam:ListAccessKeys action`,
      });
      const after = await stored();
      expect(after.size).toBe(before.size);
      expect(
        after
          .get(user.name)
          ?.credentials.map((c) => c.id)
          .sort(),
      ).toEqual(user.credentials.map((c) => c.id).sort());
    } finally {
      aws.control.denied = [];
    }
  });

  it('IAM denies GenerateServiceLastAccessedDetails: the source is skipped naming both actions; stored facts stay', async () => {
    const on = { serviceLastAccessed: true };
    const first = await scan(on);
    expect(first.status, first.errors.join('\n')).toBe('succeeded');
    const facts = (views: Map<string, { attributes: Record<string, unknown> }>) =>
      [...views].map(([name, v]) => [name, v.attributes.servicesLastAccessed]);
    const before = facts(await stored());
    expect(before.filter(([, f]) => f && typeof f === 'object').length).toBeGreaterThan(0);
    aws.control.denied = [{ action: 'GenerateServiceLastAccessedDetails' }];
    try {
      const run = await scan(on);
      expect(run.status).toBe('partial');
      expect(outcome(run, 'service-last-accessed')).toMatchObject({
        status: 'skipped',
        problem: {
          httpStatus: 403,
          endpoint: 'iam:GenerateServiceLastAccessedDetails',
          permission: 'iam:GenerateServiceLastAccessedDetails, iam:GetServiceLastAccessedDetails',
        },
      });
      // The refused source fills nothing: every principal keeps the facts the first scan stored.
      expect(facts(await stored())).toEqual(before);
    } finally {
      aws.control.denied = [];
      await scan(); // back to the default options for the tests that follow
    }
  });

  it('IAM denies GenerateCredentialReport: the report is skipped naming the action to grant; nothing stored is lost', async () => {
    const before = await stored();
    const people = (await listPeople(store, { source: 'aws' })).length;
    aws.control.denied = [{ action: 'GenerateCredentialReport' }];
    try {
      const run = await scan();
      expect(run.status).toBe('partial');
      expect(outcome(run, 'credential-report')).toMatchObject({
        status: 'skipped',
        problem: {
          endpoint: 'iam:GenerateCredentialReport',
          httpStatus: 403,
          vendorCode: 'AccessDenied',
          permission: 'iam:GenerateCredentialReport, iam:GetCredentialReport',
        },
      });
      expect(run.errors.join('\n')).toContain(
        'iam:GenerateCredentialReport answered HTTP 403 AccessDenied: User: arn:aws:iam::',
      );
      const after = await stored();
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [name, v] of before) {
        expect(after.get(name)?.lastUsedAt, name).toBe(v.lastUsedAt);
        expect(after.get(name)?.attributes.passwordLastUsed, name).toEqual(v.attributes.passwordLastUsed);
      }
      expect((await listPeople(store, { source: 'aws' })).length).toBe(people);
    } finally {
      aws.control.denied = [];
    }
  });

  it('a refused connection is a network error after 3 attempts (not a throttling wait), naming the call', async () => {
    const started = Date.now();
    const run = await scan({ endpoint: 'http://127.0.0.1:9' });
    expect(run.status).toBe('failed');
    expect(outcome(run, 'credential-report')?.problem).toMatchObject({
      endpoint: 'iam:GenerateCredentialReport',
      kind: 'network',
      httpStatus: null,
      vendorCode: 'ECONNREFUSED',
    });
    expect(outcome(run, 'gaad')?.problem).toMatchObject({ kind: 'network', vendorCode: 'ECONNREFUSED' });
    // Five calls (caller identity, report, service-specific credentials, ListAnalyzers, first GAAD page), 3 attempts
    // each, whatever maxAttempts allows for throttling.
    expect(run.apiCalls).toBe(15);
    expect(outcome(run, 'caller-identity')?.problem).toMatchObject({
      endpoint: 'sts:GetCallerIdentity',
      kind: 'network',
      vendorCode: 'ECONNREFUSED',
    });
    expect(outcome(run, 'service-credentials')?.problem).toMatchObject({
      endpoint: 'iam:ListServiceSpecificCredentials',
      kind: 'network',
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await stored()).size).toBe(tenantLabels().length);
  });

  it('an endpoint that never answers fails each call after requestTimeoutMs, as a timeout', async () => {
    const silent = await listenSilently();
    try {
      const started = Date.now();
      const run = await scan({ endpoint: silent.url, requestTimeoutMs: 300 });
      expect(run.status).toBe('failed');
      expect(outcome(run, 'credential-report')?.problem).toMatchObject({
        endpoint: 'iam:GenerateCredentialReport',
        kind: 'timeout',
      });
      expect(outcome(run, 'gaad')?.problem?.kind).toBe('timeout');
      // 2 calls × 3 attempts × 300 ms, plus backoff.
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await silent.close();
    }
  });
});

describe('AWS IAM emulator endpoint faults (steward emulate --faults)', () => {
  it('403 on GetAccountAuthorizationDetails fails the run with IAM AccessDenied and the action to grant; nothing lost', async () => {
    const before = await stored();
    aws.emulator.faults.set({ endpoints: [{ endpoint: 'iam:GetAccountAuthorizationDetails', fault: '403' }] });
    try {
      const run = await scan();
      expect(run.status).toBe('failed');
      expect(outcome(run, 'gaad')).toMatchObject({
        status: 'skipped',
        problem: {
          endpoint: 'iam:GetAccountAuthorizationDetails',
          httpStatus: 403,
          vendorCode: 'AccessDenied',
          permission: 'iam:GetAccountAuthorizationDetails',
          message: `User: arn:aws:iam::${account().accountId}:user/steward-scanner is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: * because no identity-based policy allows the iam:GetAccountAuthorizationDetails action`,
        },
      });
      expect([...(await stored()).keys()].sort()).toEqual([...before.keys()].sort());
    } finally {
      aws.emulator.faults.reset();
    }
  });

  it('404 on ListAccessKeys answers NoSuchEntity naming the user; the source is skipped, keys kept', async () => {
    const before = await stored();
    aws.emulator.faults.set({ endpoints: [{ endpoint: 'iam:ListAccessKeys', fault: '404' }] });
    try {
      const run = await scan();
      expect(run.status).toBe('partial');
      const keys = outcome(run, 'access-keys');
      expect(keys).toMatchObject({ status: 'skipped', problem: { httpStatus: 404, vendorCode: 'NoSuchEntity' } });
      expect(keys?.problem?.message).toMatch(/^The user with name \S+ cannot be found\.$/);
      const after = await stored();
      for (const [name, v] of before)
        expect(
          after.get(name)?.credentials.map((c) => c.id),
          name,
        ).toEqual(v.credentials.map((c) => c.id));
    } finally {
      aws.emulator.faults.reset();
    }
  });

  it('a GAAD page whose first member lost its UserName: that user is quarantined, every other identity stored', async () => {
    const first = data.accounts.find((a) => a.accountId === account().accountId)!.users[0];
    const before = await stored();
    aws.emulator.faults.set({
      endpoints: [{ endpoint: 'iam:GetAccountAuthorizationDetails', fault: 'malformed-item' }],
    });
    try {
      const run = await scan();
      expect(run.status).toBe('partial');
      expect(outcome(run, 'gaad')).toMatchObject({ status: 'partial', quarantined: 1 });
      expect(run.counts.quarantined).toBe(1);
      const after = await stored();
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      expect(run.counts.identities + run.counts.people).toBeGreaterThan(0);
      // The quarantined user is the account's first: not written this run, kept as stored.
      if (before.has(first.userName))
        expect(after.get(first.userName)?.lastSeen).toBe(before.get(first.userName)?.lastSeen);
    } finally {
      aws.emulator.faults.reset();
    }
  });
});

/** A TCP server that accepts connections and never answers. */
async function listenSilently(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
