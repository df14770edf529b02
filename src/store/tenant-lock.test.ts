import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestStore } from '../testing/store.js';
import type { Store } from './index.js';
import { acquireTenantLock, conflictingHolder, type HeldLock, TenantBusyError } from './tenant-lock.js';

/**
 * One writer per tenant, split tenants included: an unsplit run holds its tenant exclusively; a scoped run holds the
 * tenant shared and its scope exclusively. The same combinations on both engines (SQLite `scan_locks` rows,
 * PostgreSQL advisory keys); the takeover of a dead holder's row is SQLite's (PostgreSQL frees a dead session's keys).
 */
const job = (scope?: string) => ({ platform: 'github', tenant: 'acme', scope: scope ?? null });

describe.each(ENGINES)('tenant locks on %s', (engine) => {
  let store: Store | undefined;
  const held: HeldLock[] = [];
  afterEach(async () => {
    for (const lock of held.splice(0)) await lock.release();
    await store?.close();
    store = undefined;
  });

  async function take(scope: string | undefined, runId: string): Promise<HeldLock | TenantBusyError> {
    try {
      const lock = await acquireTenantLock(store as Store, job(scope), { runId, waitMs: 0 });
      held.push(lock);
      return lock;
    } catch (error) {
      if (error instanceof TenantBusyError) return error;
      throw error;
    }
  }

  it('scopes of one tenant are held together; one scope, or the unsplit tenant, is never held twice', async () => {
    store = await openTestStore(engine);
    expect(await take('org', 'r1')).not.toBeInstanceOf(Error);
    expect(await take('repos:0/2', 'r2')).not.toBeInstanceOf(Error);
    const sameScope = await take('org', 'r3');
    expect(sameScope).toBeInstanceOf(TenantBusyError);
    expect((sameScope as Error).message).toMatch(/^github:acme#org is being scanned by /);
    // An unsplit scan sweeps the whole tenant: refused while any scope runs.
    const unsplit = await take(undefined, 'r4');
    expect(unsplit).toBeInstanceOf(TenantBusyError);
    expect((unsplit as Error).message).toMatch(/^github:acme is being scanned by /);
    // Another tenant is not affected.
    const other = await acquireTenantLock(store, { platform: 'github', tenant: 'other' }, { runId: 'r5', waitMs: 0 });
    held.push(other);
  });

  it('a scoped run is refused while an unsplit run holds the tenant, and takes it once that run released it', async () => {
    store = await openTestStore(engine);
    const unsplit = await take(undefined, 'u1');
    expect(await take('repos:1/2', 's1')).toBeInstanceOf(TenantBusyError);
    expect(await take(undefined, 'u2')).toBeInstanceOf(TenantBusyError);
    await (unsplit as HeldLock).release();
    held.splice(held.indexOf(unsplit as HeldLock), 1);
    const scoped = await take('repos:1/2', 's2');
    expect(scoped).not.toBeInstanceOf(Error);
    await (scoped as HeldLock).release();
    held.splice(held.indexOf(scoped as HeldLock), 1);
    expect(await take(undefined, 'u3')).not.toBeInstanceOf(Error);
  });
});

describe('SQLite scan_locks: a holder whose process is gone', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  /** A pid that belonged to a process on this host that has exited. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number;

  async function plant(scope: string, pid: number, host = hostname()) {
    await (store as Store).db
      .insertInto('scan_locks')
      .values({ platform: 'github', tenant: 'acme', scope, run_id: `killed-${scope}`, host, pid, acquired_at: 'then' })
      .execute();
  }

  it('is taken over, scoped or not; a holder on another host is not', async () => {
    store = await openTestStore('sqlite');
    await plant('', deadPid());
    const unsplit = await acquireTenantLock(store, job(), { runId: 'u', waitMs: 0 });
    await unsplit.release();

    await plant('repos:0/2', deadPid());
    const scoped = await acquireTenantLock(store, job('repos:0/2'), { runId: 's', waitMs: 0 });
    const rows = await store.db.selectFrom('scan_locks').select(['scope', 'run_id']).execute();
    expect(rows).toEqual([{ scope: 'repos:0/2', run_id: 's' }]);
    await scoped.release();

    // A pid on another machine cannot be checked: its row holds until that scan releases it.
    await plant('org', deadPid(), `not-${hostname()}`);
    await expect(acquireTenantLock(store, job('org'), { runId: 'x', waitMs: 0 })).rejects.toThrow(
      /^github:acme#org is being scanned by run killed-org of scope org \(pid \d+ on not-/,
    );
    await expect(acquireTenantLock(store, job(), { runId: 'y', waitMs: 0 })).rejects.toThrow(TenantBusyError);
    const other = await acquireTenantLock(store, job('repos:1/2'), { runId: 'z', waitMs: 0 });
    await other.release();
  });
});

describe('conflictingHolder', () => {
  const rows = (...scopes: string[]) => scopes.map((scope) => ({ scope }));
  it('has the advisory keys’ semantics: tenant shared by scopes, exclusive for an unsplit run', () => {
    expect(conflictingHolder(rows('a', 'b'), 'c')).toBeUndefined();
    expect(conflictingHolder(rows('a', 'b'), 'b')).toEqual({ scope: 'b' });
    expect(conflictingHolder(rows('a'), '')).toEqual({ scope: 'a' });
    expect(conflictingHolder(rows(''), 'a')).toEqual({ scope: '' });
    expect(conflictingHolder(rows(), '')).toBeUndefined();
  });
});
