import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../lib/clock.js';
import { nativeTypeFacts, type PlatformId } from '../model/index.js';
import { openTestStore } from '../testing/store.js';
import type { AnyConnector, ScanContext } from './connector.js';
import { runSync, type TenantJob } from './engine.js';
import { expandJobs, memberJob } from './expand.js';

/**
 * Tenant expansion (`expandJobs`) and concurrency groups (`runSync`), with a connector defined for these tests: a
 * tenant with `members: [...]` expands into those tenants (a listing that fails when `refuse` is set), each member's
 * options name the tenant that listed it; a scan waits `waitMs` and records how many scans ran at once.
 */
const Options = z
  .object({
    members: z.array(z.string()).optional(),
    refuse: z.boolean().default(false),
    memberOf: z.string().optional(),
    waitMs: z.number().default(0),
    limit: z.number().default(2),
  })
  .strict();
type Options = z.output<typeof Options>;

const running = { now: 0, peak: 0, peakMembers: 0, members: 0 };
const refusal = {
  endpoint: 'GET /members',
  kind: 'http' as const,
  httpStatus: 403,
  vendorCode: null,
  message: 'forbidden',
  permission: 'members:read',
  objectId: null,
};

const fake: AnyConnector = {
  platform: 'github',
  title: 'fake expanding',
  facts: { thing: nativeTypeFacts({ identity: {} }) },
  optionsSchema: Options,
  sources: [
    { id: 'things', title: 'things', endpoints: ['GET /things'], permission: '-', required: true, lists: ['thing'] },
    { id: 'members', title: 'member list', endpoints: ['GET /members'], permission: 'members:read', required: false },
  ],
  secretFields: [],
  async expandTenant(options: Options) {
    if (!options.members) return null;
    if (options.refuse)
      return {
        members: [],
        listing: { source: 'members', status: 'skipped', items: 0, problem: refusal },
        concurrency: 1,
      };
    const listing = { source: 'members', status: 'complete' as const, items: options.members.length, problem: null };
    return { members: options.members, listing, concurrency: options.limit };
  },
  memberOptions: (raw: unknown, _parsed: Options, tenant: string) => {
    const { members: _m, ...own } = raw as Record<string, unknown>;
    return { ...own, memberOf: `listed ${tenant}` };
  },
  async scan(ctx: ScanContext<Options>) {
    running.now++;
    if (ctx.options.memberOf) running.members++;
    running.peak = Math.max(running.peak, running.now);
    running.peakMembers = Math.max(running.peakMembers, running.members);
    await new Promise((r) => setTimeout(r, ctx.options.waitMs));
    await ctx.sources.read('things', async () => {});
    running.now--;
    if (ctx.options.memberOf) running.members--;
    return { mode: 'full' };
  },
};
const connectors = (p: PlatformId) => (p === 'github' ? fake : undefined);
const job = (tenant: string, options: object, configPath = 'tenants[0]'): TenantJob => ({
  platform: 'github',
  tenant,
  options,
  configPath,
});

describe('expandJobs', () => {
  it('keeps the expanded tenant with its listing, then one job per member with derived options and a shared group', async () => {
    const jobs = await expandJobs(
      [
        job('org', { members: ['a', 'b', 'c'], limit: 2 }),
        job('c', { waitMs: 1 }, 'tenants[1]'),
        job('x', {}, 'tenants[2]'),
      ],
      connectors,
    );
    expect(jobs.map((j) => [j.tenant, j.memberOf ?? null, j.concurrencyGroup ?? null])).toEqual([
      ['org', null, null],
      ['a', 'org', { key: 'github:org', limit: 2 }],
      ['b', 'org', { key: 'github:org', limit: 2 }],
      // c is configured as a tenant of its own: scanned once, as configured
      ['c', null, null],
      ['x', null, null],
    ]);
    expect(jobs[0].memberListing).toEqual({ source: 'members', status: 'complete', items: 3, problem: null });
    expect(jobs[1]).toMatchObject({ options: { limit: 2, memberOf: 'listed a' }, configPath: 'tenants[0]' });
    expect(jobs[3].options).toEqual({ waitMs: 1 });
  });

  it('a member job rebuilt from the config (as a queue worker does) equals the expanded one', async () => {
    const expanded = job('org', { members: ['a'], limit: 3 });
    const [, member] = await expandJobs([expanded], connectors);
    const { concurrencyGroup: _g, ...rest } = member;
    expect(memberJob(expanded, fake, 'a')).toEqual(rest);
  });

  it("a refused listing scans the tenant alone and records the listing's outcome in its run", async () => {
    const jobs = await expandJobs([job('org', { members: ['a'], refuse: true })], connectors);
    expect(jobs.map((j) => j.tenant)).toEqual(['org']);
    const store = await openTestStore('sqlite');
    try {
      const [run] = await runSync(jobs, { store, connectors, clock: fixedClock('2026-01-01T00:00:00Z') });
      expect(run.status).toBe('partial');
      expect(run.sources.find((s) => s.source === 'members')).toMatchObject({ status: 'skipped', problem: refusal });
      expect(run.errors.join('\n')).toContain('GET /members');
    } finally {
      await store.close();
    }
  });
});

describe('runSync concurrency groups', () => {
  it("runs at most a group's limit of its jobs at once, while other jobs use the free slots", async () => {
    running.peak = 0;
    running.peakMembers = 0;
    const members = ['m1', 'm2', 'm3', 'm4', 'm5'];
    const jobs = await expandJobs(
      [
        job('org', { members, limit: 2, waitMs: 60 }),
        job('solo1', { waitMs: 60 }, 'tenants[1]'),
        job('solo2', { waitMs: 60 }, 'tenants[2]'),
      ],
      connectors,
    );
    const store = await openTestStore('sqlite');
    try {
      const runs = await runSync(jobs, {
        store,
        connectors,
        concurrency: 4,
        clock: fixedClock('2026-01-01T00:00:00Z'),
      });
      expect(runs.map((r) => `${r.tenant} ${r.status}`)).toEqual(
        ['org', ...members, 'solo1', 'solo2'].map((t) => `${t} succeeded`),
      );
      expect(running.peakMembers).toBe(2);
      expect(running.peak).toBe(4);
    } finally {
      await store.close();
    }
  });
});
