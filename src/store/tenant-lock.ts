import { hostname } from 'node:os';
import pg from 'pg';
import type { Store } from './open.js';
import { StoreOpenError } from './errors.js';

export interface LockKey {
  key: string;
  /** Shared (pg_try_advisory_lock_shared): any number of shared holders, but never together with an exclusive one. */
  shared?: boolean;
}

/**
 * pg_try_advisory_lock(_shared) on a dedicated connection: held for the whole run, released by PostgreSQL if we die.
 * Several keys are taken all or none (in order; on a miss the ones taken are given back).
 */
export class AdvisoryLock {
  private client: pg.Client | pg.PoolClient | null = null;
  private held: LockKey[] = [];
  private readonly keys: LockKey[];
  /** `pool`: take one of its sessions for the lock's life (a local scan) instead of a new connection to `url`. */
  constructor(
    private readonly url: string,
    keys: LockKey | LockKey[],
    private readonly pool?: pg.Pool,
  ) {
    this.keys = Array.isArray(keys) ? keys : [keys];
  }
  private async connect(): Promise<pg.Client | pg.PoolClient> {
    if (this.pool) return this.pool.connect();
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      application_name: 'steward-worker-lock',
    });
    client.on('error', () => {});
    await client.connect();
    return client;
  }
  async tryAcquire(): Promise<boolean> {
    this.client ??= await this.connect();
    for (const k of this.keys) {
      const fn = k.shared ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock';
      const { rows } = await this.client.query<{ ok: boolean }>(`SELECT ${fn}(hashtextextended($1, 0)) AS ok`, [k.key]);
      if (rows[0]?.ok !== true) {
        await this.unlockHeld();
        return false;
      }
      this.held.push(k);
    }
    return true;
  }
  private async unlockHeld(): Promise<void> {
    const c = this.client;
    for (const k of this.held.splice(0).reverse()) {
      const fn = k.shared ? 'pg_advisory_unlock_shared' : 'pg_advisory_unlock';
      await c?.query(`SELECT ${fn}(hashtextextended($1, 0))`, [k.key]);
    }
  }
  async release(): Promise<void> {
    const c = this.client;
    try {
      await this.unlockHeld();
    } catch {
      // Closing the session releases them anyway.
    }
    this.client = null;
    if (c && 'release' in c) c.release();
    else if (c) await c.end().catch(() => {});
  }
}

/**
 * The locks of one sync job. An unsplit run takes its tenant's lock exclusively: it sweeps the whole tenant. A scoped
 * run takes the tenant's lock shared — scopes of one tenant run in parallel, never alongside an unsplit run — and its
 * scope's lock exclusively, so two attempts of one scope never overlap (they would sweep each other's rows).
 */
export function syncLocks(data: { platform: string; tenant: string; scope?: string | null }): LockKey[] {
  const tenantKey = `steward:sync:${data.platform}:${data.tenant}`;
  if (!data.scope) return [{ key: tenantKey }];
  return [{ key: tenantKey, shared: true }, { key: `${tenantKey}#${data.scope}` }];
}

/** Why a scan could not take its tenant: who holds it, since when. */
export class TenantBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantBusyError';
  }
}

export interface TenantLockOptions {
  /** The run that takes it (recorded in the lock, shown to whoever waits). */
  runId: string;
  /** How long to wait for the holder to finish; 0 = refuse at once. */
  waitMs: number;
  /** Told once when the lock is busy and we start waiting. */
  onWait?: (holder: string) => void;
  signal?: AbortSignal;
  pollMs?: number;
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * One writer per tenant for local scans (a worker holds the same PostgreSQL advisory keys, so local scans and workers
 * exclude each other): PostgreSQL advisory locks on a dedicated session; SQLite a `scan_locks` row whose holder
 * process is checked for life (a kill -9 leaves the row; the next scan on the host takes it over). Both with the
 * `syncLocks` semantics: a scoped run (a split tenant, `job.scope`) holds the tenant shared and its scope exclusively.
 */
export async function acquireTenantLock(
  store: Store,
  job: { platform: string; tenant: string; scope?: string | null },
  options: TenantLockOptions,
): Promise<HeldLock> {
  const attempt = store.engine === 'postgres' ? pgAttempt(store, job) : sqliteAttempt(store, job, options.runId);
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    const result = await attempt.try();
    if (result.held) return result.held;
    if (Date.now() >= deadline || options.signal?.aborted) {
      await attempt.giveUp();
      const waited = options.waitMs > 0 ? ` (waited ${Math.round(options.waitMs / 1000)} s)` : '';
      const label = `${job.platform}:${job.tenant}${job.scope ? `#${job.scope}` : ''}`;
      throw new TenantBusyError(`${label} is being scanned by ${result.holder}${waited}`);
    }
    if (!told) options.onWait?.(result.holder);
    told = true;
    await new Promise((r) => setTimeout(r, Math.min(options.pollMs ?? 500, Math.max(1, deadline - Date.now()))));
  }
}

interface Attempt {
  try(): Promise<{ held: HeldLock; holder?: undefined } | { held?: undefined; holder: string }>;
  giveUp(): Promise<void>;
}

function pgAttempt(store: Store, job: { platform: string; tenant: string; scope?: string | null }): Attempt {
  const pool = store.native?.pg;
  if (!pool) throw new StoreOpenError('usage', 'a PostgreSQL store without its pool cannot take a tenant lock');
  const lock = new AdvisoryLock('', syncLocks(job), pool);
  return {
    try: async () =>
      (await lock.tryAcquire())
        ? { held: lock }
        : { holder: 'another scan or worker (a PostgreSQL advisory lock is held)' },
    giveUp: () => lock.release(),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type LockRow = { scope: string; run_id: string; host: string; pid: number; acquired_at: string };

/**
 * Which held row stops a run of `scope` ('' = unsplit) from taking the tenant — the advisory keys' semantics
 * (`syncLocks`): an unsplit run conflicts with every holder; a scoped run with an unsplit holder and with another
 * attempt of its own scope, never with other scopes.
 */
export function conflictingHolder<T extends { scope: string }>(rows: readonly T[], scope: string): T | undefined {
  return rows.find((row) => scope === '' || row.scope === '' || row.scope === scope);
}

/**
 * A `scan_locks` row per holder, keyed (platform, tenant, scope). The check and the insert run in one write
 * transaction (IMMEDIATE on SQLite), so two scans cannot both see the tenant free; a holder whose process is gone
 * on this host is taken over.
 */
function sqliteAttempt(
  store: Store,
  job: { platform: string; tenant: string; scope?: string | null },
  runId: string,
): Attempt {
  const scope = job.scope ?? '';
  const me = { platform: job.platform, tenant: job.tenant, scope, run_id: runId, host: hostname(), pid: process.pid };
  const release = async () => {
    await store.db
      .deleteFrom('scan_locks')
      .where('platform', '=', job.platform)
      .where('tenant', '=', job.tenant)
      .where('scope', '=', scope)
      .where('run_id', '=', runId)
      .execute();
  };
  const describe = (row: LockRow) =>
    `run ${row.run_id}${row.scope ? ` of scope ${row.scope}` : ''} (pid ${row.pid} on ${row.host}, since ${row.acquired_at})`;
  return {
    try: () =>
      takeRow().catch((error: Error) => {
        // Two scans inserting at the same instant: the loser sees the primary key taken.
        if (/UNIQUE|constraint/i.test(error.message)) return { holder: 'another scan that started at the same moment' };
        throw error;
      }),
    giveUp: async () => {},
  };
  function takeRow() {
    return store.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('scan_locks')
        .select(['scope', 'run_id', 'host', 'pid', 'acquired_at'])
        .where('platform', '=', job.platform)
        .where('tenant', '=', job.tenant)
        .execute();
      const dead = rows.filter((row) => row.host === me.host && !alive(Number(row.pid)));
      const holder = conflictingHolder(
        rows.filter((row) => !dead.includes(row)),
        scope,
      );
      if (holder) return { holder: describe(holder) };
      for (const row of dead.filter((d) => conflictingHolder([d], scope)))
        await trx
          .deleteFrom('scan_locks')
          .where('platform', '=', job.platform)
          .where('tenant', '=', job.tenant)
          .where('scope', '=', row.scope)
          .where('run_id', '=', row.run_id)
          .execute();
      await trx
        .insertInto('scan_locks')
        .values({ ...me, acquired_at: new Date().toISOString() })
        .execute();
      return { held: { release } };
    });
  }
}
