import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../emulation/estate/index.js';
import { type EmulatedEstate, startEmulatedEstate } from '../../emulation/start.js';
import { Random } from '../../emulation/estate/random.js';
import { openStore, type Store } from '../../store/index.js';
import { ENGINES } from '../../testing/store.js';
import { PLATFORMS } from '../../platforms/registry.js';
import { createTestDatabase } from '../../testing/pg.js';
import { EXIT } from './context.js';

/**
 * Real `steward scan` processes stopped the hard way: kill -9 at seeded random points, and SIGTERM. Afterwards the
 * store passes an integrity check, nothing an earlier complete scan stored is lost, a killed run is marked
 * interrupted by the next scan, a SIGTERM'd one on the way out, and the next scan completes. No timing assertions:
 * waits are bounded only so a hang fails instead of blocking CI.
 */
const STEWARD = join(resolve(import.meta.dirname, '../../..'), 'bin', 'steward.js');

function scanProcess(
  config: string,
  store: string,
  env: Record<string, string>,
): { child: ChildProcess; exit: Promise<number | null>; err: () => string } {
  let err = '';
  const child = spawn(process.execPath, [STEWARD, '--config', config, '--store', store, 'scan', '--lock-wait', '60'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return { child, exit: new Promise((r) => child.once('exit', (code) => r(code))), err: () => err };
}

async function withStore<T>(location: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(location);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const currentIdentities = (location: string) =>
  withStore(location, async (s) =>
    (await s.db.selectFrom('identities').select('id').where('gone_at', 'is', null).orderBy('id').execute()).map(
      (r) => r.id,
    ),
  );
const runStatuses = (location: string) =>
  withStore(location, async (s) => s.db.selectFrom('sync_runs').select(['id', 'status']).execute());

async function integrityOk(location: string): Promise<boolean> {
  return withStore(location, async (s) => {
    if (s.engine === 'sqlite') return s.native?.sqlite?.pragma('integrity_check', { simple: true }) === 'ok';
    // PostgreSQL is crash-safe by its WAL; check that every table still reads.
    for (const table of ['identities', 'credentials', 'permissions', 'people', 'sync_runs', 'findings'] as const)
      await s.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .execute();
    return true;
  });
}

async function waitForRunningRun(location: string, proc: { exit: Promise<number | null>; err: () => string }) {
  let exited = false;
  void proc.exit.then(() => {
    exited = true;
  });
  for (let i = 0; i < 1200; i++) {
    if (exited) throw new Error(`the scan ended before it could be stopped:\n${proc.err().slice(-2000)}`);
    if ((await runStatuses(location)).some((r) => r.status === 'running')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no run started within two minutes');
}

describe.each(ENGINES)('steward scan stopped by kill -9 and SIGTERM on %s', (engine) => {
  let emulated: EmulatedEstate;
  let config: string;
  let location: string;
  let baseline: string[];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-interrupt-'));
    const estate = await generateEstate({ size: 300, seed: 31, now: '2026-11-01T00:00:00Z' });
    emulated = await startEmulatedEstate(estate);
    config = join(dir, 'steward.yaml');
    writeFileSync(config, stringify({ tenants: emulated.tenants }));
    location = engine === 'sqlite' ? join(dir, 'steward.db') : await createTestDatabase();
    const first = scanProcess(config, location, emulated.env);
    expect(await first.exit, first.err()).toBe(EXIT.ok);
    // From here on every answer takes 10 ms, so a scan lasts long enough to be stopped at random points.
    for (const s of emulated.started) s.emulator.faults.set({ latencyMs: 10 });
    baseline = await currentIdentities(location);
    expect(baseline.length).toBeGreaterThan(100);
  }, 240_000);

  afterAll(async () => {
    await emulated?.close();
  });

  it('kill -9 at random points: the store stays whole, nothing is lost, the next scan marks and completes', async () => {
    const random = new Random(engine === 'sqlite' ? 5 : 6);
    for (let attempt = 0; attempt < 3; attempt++) {
      const proc = scanProcess(config, location, emulated.env);
      await waitForRunningRun(location, proc);
      await new Promise((r) => setTimeout(r, Math.floor(random.next() * 1000)));
      proc.child.kill('SIGKILL');
      await proc.exit;
      expect(await integrityOk(location), `attempt ${attempt}: integrity`).toBe(true);
      expect(await currentIdentities(location), `attempt ${attempt}: nothing lost`).toEqual(baseline);
    }
    const killed = (await runStatuses(location)).filter((r) => r.status === 'running').map((r) => r.id);
    expect(killed.length).toBeGreaterThan(0);
    const next = scanProcess(config, location, emulated.env);
    expect(await next.exit, next.err()).toBe(EXIT.ok);
    const after = new Map((await runStatuses(location)).map((r) => [r.id, r.status]));
    for (const id of killed) expect(after.get(id), `killed run ${id}`).toBe('interrupted');
    expect([...after.values()]).not.toContain('running');
    expect(await currentIdentities(location)).toEqual(baseline);
  }, 300_000);

  it('SIGTERM marks the running runs interrupted on the way out (exit 130) and sweeps nothing', async () => {
    const before = new Set((await runStatuses(location)).map((r) => r.id));
    // Every required list answers only after a minute, so the signal surely lands while runs are reading.
    const endpoints = PLATFORMS.flatMap((p) =>
      p.connector.sources.filter((s) => s.required).flatMap((s) => s.endpoints),
    );
    for (const s of emulated.started)
      s.emulator.faults.set({
        latencyMs: 10,
        endpoints: endpoints.map((endpoint) => ({ endpoint, fault: 'slow', delayMs: 60_000 })),
      });
    const proc = scanProcess(config, location, emulated.env);
    try {
      await waitForRunningRun(location, proc);
      await new Promise((r) => setTimeout(r, 500));
      proc.child.kill('SIGTERM');
      expect(await proc.exit, proc.err()).toBe(EXIT.interrupted);
    } finally {
      for (const s of emulated.started) s.emulator.faults.set({ latencyMs: 10 });
    }
    const mine = (await runStatuses(location)).filter((r) => !before.has(r.id));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((r) => r.status)).not.toContain('running');
    expect(mine.map((r) => r.status)).toContain('interrupted');
    expect(await currentIdentities(location)).toEqual(baseline);
  }, 240_000);
});
