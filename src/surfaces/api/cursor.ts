import { type RawBuilder, sql } from 'kysely';
import { badRequest } from './errors.js';

/**
 * Keyset paging (docs/api.md § Listings): the cursor is the base64url of the last row's sort key (its values, the id
 * last), so the next page is "rows after this key" through an index, never an OFFSET.
 */
export type CursorValue = string | number;

export const encodeCursor = (values: CursorValue[]): string =>
  Buffer.from(JSON.stringify(values)).toString('base64url');

export function decodeCursor(cursor: string | undefined, length: number): CursorValue[] | null {
  if (cursor === undefined) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    )
      return values as CursorValue[];
  } catch {
    // fall through: the same answer as a well-formed cursor of the wrong shape
  }
  throw badRequest('cursor: not a cursor of this listing (pass nextCursor from the previous page)');
}

/** One sort key of a listing: an SQL expression and its direction. */
export interface SortKey {
  expr: RawBuilder<unknown>;
  desc: boolean;
}

/** `(k1 after v1) or (k1 = v1 and k2 after v2) or ...`: the rows strictly after a cursor in the keys' order. */
export function afterKey(keys: readonly SortKey[], values: readonly CursorValue[]): RawBuilder<boolean> {
  const alternatives = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => sql`${k.expr} = ${values[j]}`);
    const beyond = key.desc ? sql`${key.expr} < ${values[i]}` : sql`${key.expr} > ${values[i]}`;
    return sql`(${sql.join([...equal, beyond], sql` and `)})`;
  });
  // The redundant bound on the first key lets the database seek its index to the cursor instead of walking from the
  // start (an OR of alternatives alone is not an index range to SQLite's planner).
  const first = keys[0];
  const seek = first.desc ? sql`${first.expr} <= ${values[0]}` : sql`${first.expr} >= ${values[0]}`;
  return sql<boolean>`(${seek} and (${sql.join(alternatives, sql` or `)}))`;
}

/** Page of at most `limit` rows: fetch limit + 1, the extra row only says whether there is a next page. */
export function page<R>(rows: R[], limit: number, keyOf: (row: R) => CursorValue[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
