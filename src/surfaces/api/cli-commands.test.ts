import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiStore } from '../../testing/api-seed.js';
import { runCli } from '../../testing/cli.js';
import { openTestStore } from '../../testing/store.js';
import type { Store } from '../../store/index.js';

/** `steward tokens create|list|revoke` and `steward findings unsuppress`, on a hand-seeded store file. */
let store: Store;
beforeAll(async () => {
  store = await openTestStore('sqlite');
  await seedApiStore(store);
});
afterAll(async () => store.close());

const cli = (...args: string[]) => runCli(['--store', store.location, ...args]);

describe('steward tokens', () => {
  it('creates a token printed once, lists it without secret or hash, and revokes it', async () => {
    const created = await cli('tokens', 'create', '--name', 'ci bot', '--role', 'analyst');
    expect(created.code).toBe(0);
    const token = /stw_([0-9a-f]{16})_[A-Za-z0-9_-]{43}/.exec(created.stdout);
    expect(token).not.toBeNull();
    const id = token?.[1] as string;
    const listed = await cli('tokens', 'list', '--format', 'json');
    expect(listed.stdout).not.toMatch(/hash|salt/);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ id, name: 'ci bot', role: 'analyst', revokedAt: null }),
    ]);
    expect((await cli('tokens', 'revoke', id)).code).toBe(0);
    const again = await cli('tokens', 'revoke', id);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/unknown or already revoked/);
    const after = JSON.parse((await cli('tokens', 'list', '--format', 'json')).stdout);
    expect(after[0].revokedAt).not.toBeNull();
    const audit = await store.db.selectFrom('audit_log').select(['action', 'target', 'actor_name']).execute();
    expect(audit.map((a) => [a.action, a.target])).toEqual([
      ['token.create', id],
      ['token.revoke', id],
    ]);
    expect(audit[0].actor_name).toMatch(/^cli:/);
  });

  it('refuses a role that does not exist', async () => {
    expect((await cli('tokens', 'create', '--name', 'x', '--role', 'root')).code).toBe(2);
  });
});

describe('steward findings unsuppress', () => {
  it('reopens a suppressed finding and refuses one that is not suppressed', async () => {
    const r = await cli('findings', 'unsuppress', 'r-low|acme:t1:key-b', '--reason', 'the key is in use again');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unsuppressed r-low|acme:t1:key-b');
    const row = await store.db
      .selectFrom('findings')
      .selectAll()
      .where('id', '=', 'r-low|acme:t1:key-b')
      .executeTakeFirst();
    expect(row).toMatchObject({ status: 'open', suppressed_reason: null, suppressed_by: null });
    const again = await cli('findings', 'unsuppress', 'r-low|acme:t1:key-b', '--reason', 'twice');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not suppressed \(it is open\)/);
  });
});
