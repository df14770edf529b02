import { createHash } from 'node:crypto';
import { type Compilable, CompiledQuery } from 'kysely';
import { type Store, sqliteRawRows } from '../../store/index.js';

const names = new Map<string, string>();
/**
 * Distinct statements prepared per process: each pooled connection keeps every statement it has prepared (and its
 * plan) for its life, and a listing's SQL varies with its filters, sort and limit. Past this many, others run unnamed.
 */
const MAX_PREPARED = 200;

/** A statement's name: the same SQL text, the same name, on every connection (PostgreSQL names are ≤ 63 bytes). */
function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (!name && names.size < MAX_PREPARED) {
    name = `steward_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The rows of a hot read (the identity list and page, docs/api.md § Performance). On PostgreSQL it runs as a named
 * statement: each pooled connection parses it once and later runs skip parsing (and, once PostgreSQL settles on a
 * generic plan, planning), which was about a third of a list statement's time in PostgreSQL at 1M identities. The SQL
 * and parameters are Kysely's; only the protocol differs, so the rows are those `execute()` returns. SQLite keeps its
 * statements prepared already (src/store/open.ts).
 *
 * `prepare: false` for a statement whose best plan depends on a parameter's value: a text search's needle decides
 * between walking the name order and reading the trigram index, and a generic plan cannot tell them apart.
 */
export async function readRows<R>(
  store: Store,
  query: Compilable<R> & { execute(): Promise<R[]> },
  options: { prepare: boolean } = { prepare: true },
): Promise<R[]> {
  if (store.engine !== 'postgres' || !options.prepare || !store.native?.pg) return query.execute();
  const { sql, parameters } = query.compile();
  return runStatement<R>(store, sql, parameters);
}

/** Stands for the bound value while a {@link boundRead}'s statement is compiled (no real value holds a NUL). */
const BOUND = '\u0000steward-bound-value\u0000';

/**
 * A hot read whose statement differs only by one value (the identity page's reads, by identity id): Kysely builds
 * and compiles it once per store and later calls bind the value in its place. Building and compiling the identity
 * page's three statements cost about as much CPU as SQLite running them (docs/api.md § Performance). Runs as
 * {@link readRows} does (a named statement on PostgreSQL).
 */
export function boundRead<R>(build: (store: Store, value: string) => Compilable<R>) {
  const compiled = new WeakMap<Store, CompiledQuery<R>>();
  return async (store: Store, value: string): Promise<R[]> => {
    let template = compiled.get(store);
    if (!template) {
      template = build(store, BOUND).compile();
      checkBound(template);
      compiled.set(store, template);
    }
    const parameters = template.parameters.map((p) => (p === BOUND ? value : p));
    return runStatement<R>(store, template.sql, parameters);
  };
}

/** The value must reach the statement as it was given: a parameter derived from it could not be bound later. */
function checkBound(template: CompiledQuery): void {
  const uses = template.parameters.filter((p) => typeof p === 'string' && p.includes(BOUND));
  if (uses.length === 0 || uses.some((p) => p !== BOUND))
    throw new Error(`boundRead: the value must be a parameter of its own in: ${template.sql}`);
}

const BOUND_PREFIX = '\u0000steward-bound-';
/** Stands for the value named `name` while a {@link shapedRead}'s statement is compiled. */
const boundValue = (name: string) => `${BOUND_PREFIX}${name}\u0000`;

/** The name of the value a parameter holds the stand-in of (whole or within it), if it does. */
function boundName(parameter: unknown): string | undefined {
  if (typeof parameter !== 'string') return undefined;
  const at = parameter.indexOf(BOUND_PREFIX);
  if (at < 0) return undefined;
  const from = at + BOUND_PREFIX.length;
  return parameter.slice(from, parameter.indexOf('\u0000', from));
}

/** Values a shaped read binds by name: each a parameter of its own in the statement (a cursor's keys may be numbers). */
export type BoundValues = Record<string, string | number>;

/** A compiled shape: its SQL, its parameters, and for each parameter the name of the value bound there, if any. */
interface Template {
  sql: string;
  parameters: readonly unknown[];
  slots: Array<string | undefined>;
}

/** Compiled shapes kept per store; past this many (a listing's limit alone takes 500 values) others compile per call. */
const MAX_SHAPES = 200;

/**
 * A hot read built in a few shapes (the identity list: which filters are present, the sort, the limit) whose
 * statement otherwise differs only by values: Kysely builds and compiles it once per shape and store, and later calls
 * bind their values in place ({@link boundRead} for several named values). `build` puts `bind(name)` wherever a value
 * goes, and `given(name)` says whether the call has that value (which values are given is part of the shape);
 * `shapeKey` must tell apart every two shapes that build different SQL.
 *
 * The rows come as arrays, in the order the statement selects: SQLite's raw mode through its own driver
 * (sqliteRawRows) and PostgreSQL's array row mode, so no object is made per row only to be read once. PostgreSQL runs
 * it as {@link readRows} does (a named statement unless `prepare` is false).
 */
export function shapedRead<S>(
  shapeKey: (shape: S) => string,
  build: (
    store: Store,
    shape: S,
    bind: (name: string) => string,
    given: (name: string) => boolean,
  ) => Compilable<unknown>,
) {
  const compiled = new WeakMap<Store, Map<string, Template>>();
  return async (store: Store, shape: S, values: BoundValues, options: { prepare: boolean }): Promise<unknown[][]> => {
    let templates = compiled.get(store);
    if (!templates) {
      templates = new Map();
      compiled.set(store, templates);
    }
    const key = `${shapeKey(shape)}|${Object.keys(values).join(',')}`;
    let template = templates.get(key);
    if (!template) {
      template = templateOf(build(store, shape, boundValue, (name) => name in values).compile(), values);
      if (templates.size < MAX_SHAPES) templates.set(key, template);
    }
    const { sql, parameters, slots } = template;
    const bound = parameters.map((p, i) => {
      const name = slots[i];
      return name === undefined ? p : values[name];
    });
    return runArrays(store, sql, bound, options.prepare);
  };
}

/** Every value must reach the statement as given, and every value the statement binds must be given. */
function templateOf(query: CompiledQuery, values: BoundValues): Template {
  const slots = query.parameters.map(boundName);
  slots.forEach((name, i) => {
    if (name !== undefined && (query.parameters[i] !== boundValue(name) || !(name in values)))
      throw new Error(`shapedRead: ${name} must be a given value, a parameter of its own in: ${query.sql}`);
  });
  const unused = Object.keys(values).filter((name) => !slots.includes(name));
  if (unused.length > 0) throw new Error(`shapedRead: ${unused.join(', ')} not bound in: ${query.sql}`);
  return { sql: query.sql, parameters: query.parameters, slots };
}

/**
 * The PostgreSQL pool a statement runs on: a prepared one where it is always planned generically (its plan does not
 * depend on its values, so planning it again per request only costs), any other on the store's pool.
 */
function poolFor(store: Store, prepare: boolean) {
  if (store.engine !== 'postgres') return undefined;
  return (prepare ? store.native?.pgGeneric : undefined) ?? store.native?.pg;
}

/** A statement's rows as arrays: SQLite's own driver, PostgreSQL's pool, else Kysely (a store built by hand). */
async function runArrays(store: Store, sql: string, parameters: unknown[], prepare: boolean): Promise<unknown[][]> {
  const raw = await sqliteRawRows(store, sql, parameters);
  if (raw) return raw;
  const pool = poolFor(store, prepare);
  if (!pool) {
    const result = await store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(sql, parameters));
    return result.rows.map((row) => Object.values(row));
  }
  const name = prepare ? nameOf(sql) : undefined;
  const result = await pool.query({ ...(name ? { name } : {}), text: sql, values: parameters, rowMode: 'array' });
  return result.rows as unknown[][];
}

async function runStatement<R>(store: Store, sql: string, parameters: readonly unknown[]): Promise<R[]> {
  const pool = poolFor(store, true);
  if (!pool) return (await store.db.executeQuery<R>(CompiledQuery.raw(sql, [...parameters]))).rows;
  const name = nameOf(sql);
  const result = await pool.query(
    name ? { name, text: sql, values: [...parameters] } : { text: sql, values: [...parameters] },
  );
  return result.rows as R[];
}
