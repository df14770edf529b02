import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../../../testing/cli.js';
import { fixedClock } from '../../../lib/clock.js';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import type { SyncRun } from '../../../model/index.js';
import { listIdentityViews, listSyncRuns, type Store } from '../../../store/index.js';
import { runSync, type SyncEvent, type TenantJob } from '../../../sync/engine.js';
import { expandJobs } from '../../../sync/expand.js';
import { openTestStore } from '../../../testing/store.js';
import { startAwsEmulator, type AwsEmulator } from '../emulator/index.js';
import type { AwsIdentityLabel } from '../estate/index.js';
import { generateAwsOrganization, type OrganizationExpectations } from '../estate/organization.js';
import { awsConnector } from './index.js';

/**
 * End to end: an estate whose accounts form an AWS Organization → emulator (Organizations ListAccounts, STS
 * AssumeRole, IAM per session) → ONE configured aws tenant with `organization` → expandJobs → runSync → store.
 * Expectations come only from the estate: its labels and what it says each account's run must do.
 */
const NOW = '2026-11-01T00:00:00Z';
const SECRET_VAR = 'STEWARD_TEST_ORG_SECRET';
const SANDBOX_SECRET_VAR = 'STEWARD_TEST_ORG_SANDBOX_SECRET';
const EXTERNAL_ID_VAR = 'STEWARD_TEST_ORG_EXTERNAL_ID';
const connectors = (p: string) => (p === 'aws' ? awsConnector : undefined);

let aws: AwsEmulator;
let labels: AwsIdentityLabel[];
let expected: OrganizationExpectations;

beforeAll(async () => {
  const rng = new Random(7);
  const now = new Date(NOW);
  const estate = generateAwsOrganization({ org: generateOrg(rng, 12, now), rng, count: 160, now, earlier: {} });
  labels = estate.identities as AwsIdentityLabel[];
  expected = estate.organization;
  aws = await startAwsEmulator(estate.data);
  process.env[SECRET_VAR] = keyOf(expected.complete[0]).secretAccessKey;
  process.env[SANDBOX_SECRET_VAR] = keyOf(expected.assumeRoleRefused[0]).secretAccessKey;
  process.env[EXTERNAL_ID_VAR] = expected.externalId;
});
afterAll(async () => {
  await aws?.emulator.close();
  for (const v of [SECRET_VAR, SANDBOX_SECRET_VAR, EXTERNAL_ID_VAR]) delete process.env[v];
});

const keyOf = (accountId: string) => aws.credentials.find((c) => c.accountId === accountId)!;

/** The one configured tenant: the management account, with its own key and `organization`. */
function managementTenant(concurrency: number): TenantJob {
  const management = expected.complete[0];
  return {
    platform: 'aws',
    tenant: management,
    configPath: 'tenants[0]',
    options: {
      endpoint: aws.emulator.url,
      region: 'us-east-1',
      accessKeyId: keyOf(management).accessKeyId,
      secretAccessKey: { env: SECRET_VAR },
      organization: { memberRole: expected.memberRole, externalId: { env: EXTERNAL_ID_VAR }, concurrency },
    },
  };
}

/** A direct scan of the refused account with its own key, so that it has rows before the organization scan. */
async function seedRefusedAccount(store: Store): Promise<SyncRun> {
  const tenant = expected.assumeRoleRefused[0];
  const [run] = await runSync(
    [
      {
        platform: 'aws',
        tenant,
        options: {
          endpoint: aws.emulator.url,
          accessKeyId: keyOf(tenant).accessKeyId,
          secretAccessKey: { env: SANDBOX_SECRET_VAR },
        },
      },
    ],
    { store, connectors, clock: fixedClock(NOW) },
  );
  return run;
}

/** Every stored row of one tenant, as stored (run ids and last-seen included: a refused run must change none). */
async function rowsOf(store: Store, tenant: string) {
  const identities = await store.db
    .selectFrom('identities')
    .selectAll()
    .where('tenant', '=', tenant)
    .orderBy('id')
    .execute();
  const ids = identities.map((r) => r.id);
  const credentials = ids.length
    ? await store.db.selectFrom('credentials').selectAll().where('identity_id', 'in', ids).orderBy('id').execute()
    : [];
  return { identities, credentials };
}

/** The highest number of member runs under way at once, from the engine's start/done events. */
function memberConcurrency() {
  let now = 0;
  let peak = 0;
  return {
    onEvent: (e: SyncEvent) => {
      if (!e.job.memberOf || e.type === 'progress') return;
      now += e.type === 'start' ? 1 : -1;
      peak = Math.max(peak, now);
    },
    peak: () => peak,
  };
}

describe('AWS Organizations: one config entry scans every member account', () => {
  it('one run per ACTIVE account: reachable members complete with their labels, the refused one fails at AssumeRole', async () => {
    const store = await openTestStore('sqlite');
    try {
      aws.emulator.faults.reset();
      const seeded = await seedRefusedAccount(store);
      expect(seeded.status, seeded.errors.join('\n')).toBe('succeeded');
      const refused = expected.assumeRoleRefused[0];
      const before = await rowsOf(store, refused);
      expect(before.identities.length).toBeGreaterThan(0);

      const jobs = await expandJobs([managementTenant(1)], connectors);
      expect(jobs.map((j) => j.tenant)).toEqual([...expected.complete, ...expected.assumeRoleRefused]);
      const watch = memberConcurrency();
      const runs = await runSync(jobs, {
        store,
        connectors,
        clock: fixedClock(NOW),
        concurrency: 4,
        onEvent: watch.onEvent,
      });

      const status = Object.fromEntries(runs.map((r) => [r.tenant, r.status]));
      expect(status).toEqual({
        ...Object.fromEntries(expected.complete.map((t) => [t, 'succeeded'])),
        [refused]: 'failed',
      });
      const management = runs[0];
      expect(management.sources.find((s) => s.source === 'organization-accounts')).toMatchObject({
        status: 'complete',
        items: expected.complete.length + expected.assumeRoleRefused.length + expected.notScanned.length,
      });

      // The refused member: its run names the call, the role and the caller; its stored rows are untouched.
      const failure = runs.find((r) => r.tenant === refused)!.errors.join('\n');
      expect(failure).toContain('sts:AssumeRole');
      expect(failure).toContain(`arn:aws:iam::${refused}:role/${expected.memberRole}`);
      expect(failure).toContain(`arn:aws:iam::${expected.complete[0]}:user/steward-scanner`);
      expect(await rowsOf(store, refused)).toEqual(before);

      // Every reachable account's identities agree with its labels.
      const views = await listIdentityViews(store, { platform: 'aws' });
      for (const tenant of expected.complete) {
        const mine = labels.filter((l) => l.tenant === tenant);
        const stored = new Map(views.filter((v) => v.tenant === tenant).map((v) => [v.id, v]));
        expect([...stored.keys()].sort(), tenant).toEqual(mine.map((l) => l.id).sort());
        for (const l of mine) {
          const v = stored.get(l.id)!;
          const fields = (x: {
            name: string;
            kind: string;
            createdAt: string | null;
            lastUsedAt: string | null;
            enabled: boolean;
          }) => ({
            name: x.name,
            kind: x.kind,
            createdAt: x.createdAt,
            lastUsedAt: x.lastUsedAt,
            enabled: x.enabled,
          });
          expect(fields(v), l.id).toEqual(fields(l));
          expect(v.credentials.map((c) => c.id).sort(), l.id).toEqual(l.credentials.map((c) => c.id).sort());
        }
      }
      // The member role itself is discovered in the member accounts that have it.
      expect(views.some((v) => v.tenant === expected.complete[1] && v.name === expected.memberRole)).toBe(true);

      // Suspended and closing accounts: no run, nothing stored.
      const allRuns = await listSyncRuns(store, {});
      for (const tenant of expected.notScanned) {
        expect(
          allRuns.filter((r) => r.tenant === tenant),
          tenant,
        ).toEqual([]);
        expect(
          views.filter((v) => v.tenant === tenant),
          tenant,
        ).toEqual([]);
      }
      expect(watch.peak()).toBe(1);
      // One AssumeRole per member account, one ListAccounts page (5 accounts ≤ 20).
      expect(aws.control.actionCounts.get('AssumeRole')).toBe(
        expected.complete.length - 1 + expected.assumeRoleRefused.length,
      );
      expect(aws.control.actionCounts.get('ListAccounts')).toBe(1);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('a refused ListAccounts: the management account is scanned alone and its run names the endpoint and permission', async () => {
    const store = await openTestStore('sqlite');
    aws.control.denied.push({ action: 'ListAccounts' });
    try {
      const jobs = await expandJobs([managementTenant(4)], connectors);
      expect(jobs.map((j) => j.tenant)).toEqual([expected.complete[0]]);
      const [run] = await runSync(jobs, { store, connectors, clock: fixedClock(NOW) });
      expect(run.status).toBe('partial');
      expect(run.sources.find((s) => s.source === 'organization-accounts')).toMatchObject({
        status: 'skipped',
        problem: {
          endpoint: 'organizations:ListAccounts',
          vendorCode: 'AccessDeniedException',
          permission: 'organizations:ListAccounts',
        },
      });
      expect(run.errors.join('\n')).toContain('organizations:ListAccounts');
      const tenants = new Set((await listIdentityViews(store, { platform: 'aws' })).map((v) => v.tenant));
      expect([...tenants]).toEqual([expected.complete[0]]);
    } finally {
      aws.control.denied.length = 0;
      await store.close();
    }
  }, 120_000);

  it.each([
    ['403', 'skipped', 403, 'organizations:ListAccounts'],
    ['500', 'failed', 500, null],
  ] as const)(
    'ListAccounts answering %s: the listing is %s, naming the endpoint, and no member is scanned',
    async (fault, status, httpStatus, permission) => {
      aws.emulator.faults.set({ endpoints: [{ endpoint: 'organizations:ListAccounts', fault }] });
      try {
        const jobs = await expandJobs([managementTenant(4)], connectors);
        expect(jobs.map((j) => j.tenant)).toEqual([expected.complete[0]]);
        expect(jobs[0].memberListing).toMatchObject({
          source: 'organization-accounts',
          status,
          problem: { endpoint: 'organizations:ListAccounts', httpStatus, permission },
        });
      } finally {
        aws.emulator.faults.reset();
      }
    },
    60_000,
  );

  it('`steward scan` with one aws tenant and organization: a run per ACTIVE account, exit 3 for the refused member', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-org-'));
    const cfg = join(dir, 'steward.yaml');
    const { platform, tenant, options } = managementTenant(2);
    writeFileSync(cfg, stringify({ store: join(dir, 'org.db'), tenants: [{ platform, tenant, options }] }));
    const scan = await runCli(['--config', cfg, 'scan']);
    expect(scan.code, scan.stderr).toBe(3);
    const runs = await runCli(['--config', cfg, 'runs', '--format', 'json']);
    const byTenant = Object.fromEntries(
      (JSON.parse(runs.stdout) as Array<{ tenant: string; status: string }>).map((r) => [r.tenant, r.status]),
    );
    expect(byTenant).toEqual({
      ...Object.fromEntries(expected.complete.map((t) => [t, 'succeeded'])),
      [expected.assumeRoleRefused[0]]: 'failed',
    });
    // No session credential reaches the terminal.
    expect(`${scan.stdout}${scan.stderr}`).not.toMatch(/ASIA[A-Z2-7]{16}/);
  }, 120_000);
});
