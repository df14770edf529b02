import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.js';
import { ENGINES, openTestStore } from '../../testing/store.js';
import { boundRead } from './prepared.js';

/** boundRead compiles a statement once and binds each call's value: each call must read its own value's rows. */
describe.each(ENGINES)('boundRead on %s', (engine) => {
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(engine);
    await store.db
      .insertInto('people')
      .values(
        ['ada@example.com', 'bob@example.com'].map((email) => ({
          id: `hr:hr:${email}`,
          source: 'hr',
          tenant: 'hr',
          native_id: email,
          email,
          name: email.split('@')[0],
          status: 'active',
          first_seen: '2026-11-01T00:00:00.000Z',
          last_seen: '2026-11-01T00:00:00.000Z',
          login: null,
          departed_at: null,
          manager_email: null,
          team: null,
          department: null,
          attributes: '{}',
          sync_run_id: 'seed',
        })),
      )
      .execute();
  });
  afterAll(() => store.close());

  const personByEmail = boundRead((s: Store, email: string) =>
    s.db.selectFrom('people').select(['name', 'email']).where('email', '=', email).where('status', '=', 'active'),
  );

  it('reads the rows of each call’s value, and nothing for an unknown one', async () => {
    expect(await personByEmail(store, 'bob@example.com')).toEqual([{ name: 'bob', email: 'bob@example.com' }]);
    expect(await personByEmail(store, 'ada@example.com')).toEqual([{ name: 'ada', email: 'ada@example.com' }]);
    expect(await personByEmail(store, 'nobody@example.com')).toEqual([]);
  });

  it('refuses a statement that changes the value before binding it (it could not be bound later)', async () => {
    const likeName = boundRead((s: Store, text: string) =>
      s.db.selectFrom('people').select('name').where('name', 'like', `%${text}%`),
    );
    await expect(likeName(store, 'ad')).rejects.toThrow(/must be a parameter of its own/);
  });

  it('refuses a statement that does not use the value at all', async () => {
    const everyone = boundRead((s: Store, _unused: string) => s.db.selectFrom('people').select('name'));
    await expect(everyone(store, 'x')).rejects.toThrow(/must be a parameter of its own/);
  });
});
