import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { recomputeOwnership } from '../../analysis/ownership/compute.js';
import { runRiskAnalysis } from '../../analysis/risk/index.js';
import { productVersion } from '../../analysis/risk/formats/product.js';
import { StewardConfig } from '../../config/schema.js';
import { fixedClock } from '../../lib/clock.js';
import { Identity, PLATFORM_IDS, Person, SyncRun } from '../../model/index.js';
import { BUILTIN_RULES, PEOPLE_SOURCES, PLATFORMS } from '../../platforms/registry.js';
import { insertSyncRun, openStore, writeIdentities, writePeople } from '../../store/index.js';
import { runCli } from '../../testing/cli.js';
import { EXIT } from './context.js';

/** The CLI's terminal contract (issue 18 item 5): scope options, --version, csv everywhere, names before ids. */
const NOW = '2026-11-01T00:00:00.000Z';
const store = join(mkdtempSync(join(tmpdir(), 'steward-terminal-')), 's.db');
const cli = (...args: string[]) => runCli(['--store', store, ...args]);

beforeAll(async () => {
  process.env.STEWARD_NOW = NOW;
  const s = await openStore(store);
  const aws = Identity.parse({
    id: 'aws:444455556666:root:444455556666',
    platform: 'aws',
    tenant: '444455556666',
    kind: 'service_account',
    nativeType: 'root',
    nativeId: '444455556666',
    name: 'root',
    credentials: [{ id: 'k1', type: 'access_key', createdAt: '2019-01-01T00:00:00Z' }],
    permissions: [{ nativeName: '*', resource: '*', access: 'admin' }],
  });
  const github = Identity.parse({
    id: 'github:acme:deploy_key:1',
    platform: 'github',
    tenant: 'acme',
    kind: 'deploy_key',
    nativeType: 'deploy_key',
    nativeId: '1',
    name: 'ci key',
    attributes: { readOnly: false },
    ownerClaims: [{ ref: 'alice', refType: 'login', source: 'creator', confidence: 0.9, evidence: 'creator alice' }],
  });
  await writeIdentities(s, [aws, github], 'run-1', NOW);
  await writePeople(
    s,
    [
      Person.parse({
        id: 'github:acme:person:1',
        source: 'github',
        tenant: 'acme',
        nativeId: '1',
        login: 'alice',
        email: 'alice@acme.test',
        status: 'active',
      }),
    ],
    'run-1',
    NOW,
  );
  await insertSyncRun(
    s,
    SyncRun.parse({
      id: 'run-1',
      platform: 'aws',
      tenant: '444455556666',
      startedAt: '2026-11-01T09:30:00.000Z',
      finishedAt: '2026-11-01T09:31:00.000Z',
      status: 'succeeded',
      mode: 'full',
      counts: {},
      apiCalls: 1,
      pages: 1,
      retries: 0,
      errors: [],
    }),
  );
  await recomputeOwnership(s, { now: NOW, peopleSources: PEOPLE_SOURCES });
  await runRiskAnalysis(s, { config: StewardConfig.parse({}), clock: fixedClock(NOW), builtinRules: BUILTIN_RULES });
  await s.close();
});

describe('steward --version', () => {
  it("prints the package's version and exits 0", async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.trim()).toBe(productVersion());
  });
});

describe('--platform accepts only registered platforms', () => {
  const registered = PLATFORMS.map((p) => p.id).join(', ');
  // A known platform id without a connector (whichever is left as platforms get registered; none once all are).
  const unregistered = PLATFORM_IDS.find((id) => !PLATFORMS.some((p) => p.id === id));
  it.each([['inventory'], ['findings'], ['owners', 'list'], ['runs'], ['scan']])(
    '%s: a platform without a connector is a usage error naming the registered ones',
    async (...command) => {
      if (unregistered) {
        const r = await cli(...command, '--platform', unregistered);
        expect(r.code).toBe(EXIT.usage);
        expect(r.stderr).toContain(`"${unregistered}" has no connector yet; registered platforms: ${registered}.`);
      }
      const unknown = await cli(...command, '--platform', 'nope');
      expect(unknown.code).toBe(EXIT.usage);
      expect(unknown.stderr).toContain('"nope" is not a platform');
    },
  );
});

describe('--tenant accepts platform:tenant, the form Steward prints', () => {
  const ids = (stdout: string) =>
    (JSON.parse(stdout) as Array<{ id?: string; identityId?: string }>).map((r) => r.id ?? r.identityId);

  it.each([['inventory'], ['findings'], ['owners', 'list']])('%s', async (...command) => {
    const split = await cli(...command, '--platform', 'aws', '--tenant', '444455556666', '--format', 'json');
    const joined = await cli(...command, '--tenant', 'aws:444455556666', '--format', 'json');
    expect(joined.code).toBe(EXIT.ok);
    expect(ids(joined.stdout).length).toBeGreaterThan(0);
    expect(ids(joined.stdout)).toEqual(ids(split.stdout));
  });

  it('runs', async () => {
    const r = await cli('runs', '--tenant', 'aws:444455556666', '--format', 'json');
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(1);
  });

  it('refuses a prefix without a connector, or one that contradicts --platform', async () => {
    const unregistered = PLATFORM_IDS.find((id) => !PLATFORMS.some((p) => p.id === id));
    if (unregistered) {
      const noConnector = await cli('inventory', '--tenant', `${unregistered}:acme`);
      expect(noConnector.code).toBe(EXIT.usage);
      expect(noConnector.stderr).toContain(`"${unregistered}" has no connector yet`);
    }
    const clash = await cli('inventory', '--platform', 'github', '--tenant', 'aws:444455556666');
    expect(clash.code).toBe(EXIT.usage);
    expect(clash.stderr).toContain('names platform aws, but --platform is github');
  });
});

describe('csv on every listing command', () => {
  it.each([
    [['inventory'], 'name'],
    [['findings'], 'severity'],
    [['owners', 'list'], 'name'],
    [['owners', 'stats'], 'scope'],
    [['people', 'list'], 'email'],
    [['people', 'offboard', 'alice@acme.test'], 'relation'],
    [['runs'], 'run'],
    [['rules'], 'id'],
  ])('%s', async (command, firstHeader) => {
    const r = await cli(...command, '--format', 'csv');
    expect(r.code).toBe(EXIT.ok);
    const rows = parse(r.stdout) as string[][];
    expect(rows[0][0]).toBe(firstHeader);
    expect(rows.length).toBeGreaterThan(1);
  });
});

describe('tables: names before ids, owners and finding ids, zones on timestamps', () => {
  it('findings: severity, identity name, owner, rule, then the finding id to copy into `findings suppress`', async () => {
    const csv = parse((await cli('findings', '--format', 'csv')).stdout) as string[][];
    expect(csv[0].slice(0, 5)).toEqual(['severity', 'identity', 'owner', 'rule', 'finding id']);
    const deployKey = csv.find((row) => row[4] === 'github-deploy-key-write|github:acme:deploy_key:1');
    expect(deployKey?.slice(1, 3)).toEqual(['ci key', 'alice@acme.test']);
    expect(csv[1][0]).toBe('critical'); // fix-first order
  });

  it('inventory: the name first, the owner, and the id last', async () => {
    const csv = parse((await cli('inventory', '--format', 'csv')).stdout) as string[][];
    expect(csv[0][0]).toBe('name');
    expect(csv[0]).toContain('owner');
    expect(csv[0].at(-1)).toBe('id');
  });

  it('runs: the start time carries its zone', async () => {
    const r = await cli('runs');
    expect(r.stdout).toContain('2026-11-01 09:30 UTC');
  });

  it('--limit means the same everywhere: at most N rows, after sorting', async () => {
    for (const command of [['inventory'], ['findings'], ['owners', 'list'], ['runs']]) {
      const help = await cli(...command, '--help');
      expect(help.stdout.replace(/\s+/g, ' '), command.join(' ')).toMatch(
        /--limit <n> at most N [a-z ,-]+, taken after sorting/,
      );
    }
  });
});
