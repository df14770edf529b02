import { createHash } from 'node:crypto';
import { type Compilable, CompiledQuery } from 'kysely';
import type { Store } from '../../store/index.js';

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

async function runStatement<R>(store: Store, sql: string, parameters: readonly unknown[]): Promise<R[]> {
  const pool = store.engine === 'postgres' ? store.native?.pg : undefined;
  if (!pool) return (await store.db.executeQuery<R>(CompiledQuery.raw(sql, [...parameters]))).rows;
  const name = nameOf(sql);
  const result = await pool.query(
    name ? { name, text: sql, values: [...parameters] } : { text: sql, values: [...parameters] },
  );
  return result.rows as R[];
}
