import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.js';
import { ENGINES, openTestStore } from '../../testing/store.js';
import { boundRead, shapedRead } from './prepared.js';

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

  /** People by e-mail, optionally also by status: the status filter's presence is the shape. */
  const people = shapedRead(
    (shape: { byName: boolean }) => JSON.stringify(shape),
    (s: Store, shape: { byName: boolean }, bind, given) => {
      let q = s.db.selectFrom('people').select(['email', 'name']).where('email', '=', bind('email'));
      if (shape.byName) q = q.where('name', 'like', bind('pattern'));
      if (given('status')) q = q.where('status', '=', bind('status'));
      return q.orderBy('email');
    },
  );

  it('shapedRead binds each call’s values into its shape’s statement, rows as arrays in select order', async () => {
    const read = (values: Record<string, string>, byName = false) =>
      people(store, { byName }, values, { prepare: true });
    expect(await read({ email: 'bob@example.com' })).toEqual([['bob@example.com', 'bob']]);
    expect(await read({ email: 'ada@example.com' })).toEqual([['ada@example.com', 'ada']]);
    expect(await read({ email: 'ada@example.com', status: 'active' })).toEqual([['ada@example.com', 'ada']]);
    expect(await read({ email: 'ada@example.com', status: 'departed' })).toEqual([]);
    expect(await read({ email: 'bob@example.com', pattern: 'b%' }, true)).toEqual([['bob@example.com', 'bob']]);
    expect(await read({ email: 'bob@example.com', pattern: 'a%' }, true)).toEqual([]);
    // The shape without status again, after the shape with it: each keeps its own statement.
    expect(await read({ email: 'bob@example.com' })).toEqual([['bob@example.com', 'bob']]);
  });

  it('shapedRead refuses a value changed before it is bound, and one the statement does not bind', async () => {
    const derived = shapedRead(
      () => 'one',
      (s: Store, _shape: null, bind) =>
        s.db
          .selectFrom('people')
          .select('name')
          .where('name', 'like', `%${bind('text')}%`),
    );
    await expect(derived(store, null, { text: 'ad' }, { prepare: true })).rejects.toThrow(/parameter of its own/);
    await expect(people(store, { byName: false }, { email: 'x', team: 'ops' }, { prepare: true })).rejects.toThrow(
      /team not bound/,
    );
  });
});

/**
 * On PostgreSQL a prepared read is planned generically every time (its plan does not depend on its values), and an
 * unprepared one (a text search, whose needle decides the plan) keeps custom plans: each runs on its own connections.
 */
describe('plans of the hot reads on postgres', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore('postgres');
  });
  afterAll(() => store.close());

  const planMode = shapedRead(
    () => 'plan-mode',
    (s: Store, _shape: null, bind) =>
      s.db
        .selectNoFrom((eb) => [eb.fn<string>('current_setting', [eb.val('plan_cache_mode')]).as('mode')])
        .where((eb) => eb(eb.val(bind('x')), '=', 'x')),
  );

  it('a prepared read runs where plans are always generic; an unprepared one where they are chosen per call', async () => {
    expect(await planMode(store, null, { x: 'x' }, { prepare: true })).toEqual([['force_generic_plan']]);
    expect(await planMode(store, null, { x: 'x' }, { prepare: false })).toEqual([['auto']]);
    const viaKysely = await store.db
      .selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('plan_cache_mode')]).as('mode'))
      .executeTakeFirstOrThrow();
    expect(viaKysely.mode).toBe('auto');
  });
});
