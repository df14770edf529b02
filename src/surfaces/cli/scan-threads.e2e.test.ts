import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../emulation/estate/index.js';
import { startEmulatedEstate, type EmulatedEstate } from '../../emulation/start.js';
import { openStore } from '../../store/index.js';
import { runCli } from '../../testing/cli.js';
import { createTestDatabase } from '../../testing/pg.js';
import { type Engine, ENGINES } from '../../testing/store.js';
import { EXIT } from './context.js';
import { syncThreadCount } from './commands/scan.js';

/**
 * `scan --threads 2`: tenants sync in worker threads and ownership and risk run over id ranges in analysis threads.
 * What lands in the store must be what the estate's labels say, and exactly what an in-process scan stores.
 */
const estate = await generateEstate({
  size: 400,
  seed: 23,
  platforms: ['github', 'entra', 'aws', 'okta'],
  now: new Date().toISOString(),
});

interface Stored {
  identities: string[];
  findings: string[];
  owners: string[];
  runs: string[];
}

async function scanWith(
  dir: string,
  threads: string,
  tenants: unknown,
  engine: Engine,
): Promise<Stored & { code: number; stderr: string }> {
  const storePath = engine === 'postgres' ? await createTestDatabase() : join(dir, `threads-${threads}.db`);
  const cfg = join(dir, `threads-${threads}.yaml`);
  writeFileSync(cfg, stringify({ tenants }));
  const r = await runCli(['--config', cfg, '--store', storePath, 'scan', '--threads', threads, '--format', 'json']);
  const store = await openStore(storePath);
  try {
    const ids = await store.db.selectFrom('identities').select('id').where('gone_at', 'is', null).execute();
    const findings = await store.db
      .selectFrom('findings')
      .select(['rule_id', 'identity_id', 'status', 'severity'])
      .execute();
    const owners = await store.db
      .selectFrom('ownership')
      .select(['identity_id', 'owner_email', 'owner_team', 'orphan'])
      .execute();
    const runs = await store.db.selectFrom('sync_runs').select(['platform', 'tenant', 'status']).execute();
    return {
      code: r.code,
      stderr: r.stderr,
      identities: ids.map((i) => i.id).sort(),
      findings: findings.map((f) => `${f.rule_id} ${f.identity_id} ${f.status} ${f.severity}`).sort(),
      owners: owners.map((o) => `${o.identity_id} ${o.owner_email} ${o.owner_team} ${o.orphan}`).sort(),
      runs: runs.map((x) => `${x.platform}:${x.tenant} ${x.status}`).sort(),
    };
  } finally {
    await store.close();
  }
}

describe('steward scan --threads', () => {
  let emulated: EmulatedEstate;
  let dir: string;

  beforeAll(async () => {
    emulated = await startEmulatedEstate(estate);
    for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
    dir = mkdtempSync(join(tmpdir(), 'steward-threads-'));
  });
  afterAll(async () => emulated?.close());

  it.each(ENGINES)(
    'stores the labelled inventory and planted findings on %s, the same as an in-process scan',
    async (engine) => {
      const threaded = await scanWith(dir, '2', emulated.tenants, engine);
      expect(threaded.code, threaded.stderr).toBe(EXIT.ok);
      expect(threaded.runs).toEqual(emulated.tenants.map((t) => `${t.platform}:${t.tenant} succeeded`).sort());
      expect(threaded.identities).toEqual(estate.labels.identities.map((l) => l.id).sort());
      const open = new Set(
        threaded.findings.filter((f) => f.split(' ')[2] === 'open').map((f) => f.split(' ').slice(0, 2).join(' ')),
      );
      for (const label of estate.labels.identities)
        for (const risk of label.risks) expect(open.has(`${risk} ${label.id}`), `${risk} on ${label.id}`).toBe(true);
      const inProcess = await scanWith(dir, '1', emulated.tenants, engine);
      expect(threaded.identities).toEqual(inProcess.identities);
      expect(threaded.findings).toEqual(inProcess.findings);
      expect(threaded.owners).toEqual(inProcess.owners);
    },
  );

  it('refuses a thread count out of range with a usage error', async () => {
    const r = await runCli(['scan', '--threads', '0']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/--threads.*expected a whole number from 1 to 16/);
  });
});

describe('syncThreadCount', () => {
  const jobs = [
    { platform: 'github', tenant: 'a', options: {} },
    { platform: 'okta', tenant: 'b', options: {} },
  ] as const;
  it("'auto' stays in-process until the store has seen a large estate, then takes the cores", () => {
    expect(syncThreadCount('auto', [...jobs], () => 0)).toBe(1);
    expect(syncThreadCount('auto', [...jobs], () => 15_000)).toBe(Math.min(availableParallelism(), 2));
    expect(syncThreadCount('auto', [jobs[0]], () => 1_000_000)).toBe(1);
  });
  it('a number is taken as given, never more threads than jobs', () => {
    expect(syncThreadCount(3, [...jobs], () => 0)).toBe(2);
    expect(syncThreadCount(1, [...jobs], () => 1_000_000)).toBe(1);
  });
});
