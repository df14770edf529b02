import { ODataError } from './odata.js';

/**
 * Graph's advanced query parameters on directory objects (learn.microsoft.com/graph/aad-advanced-queries):
 * `$count`, `$search` and `$orderby`, and what they need — the `ConsistencyLevel: eventual` header, and for
 * `$filter` with `$orderby` also `$count=true`.
 */
export interface AdvancedQuery {
  /** `$count=true` with the header; Graph silently ignores `$count=true` without it. */
  count: boolean;
  search: { field: string; term: string } | null;
  orderby: { field: string; descending: boolean } | null;
}

/** The one property the emulator sorts by: the property Graph documents `$orderby` examples on. */
const SORTABLE = new Set(['displayName']);

const unsupported = (message: string) => new ODataError(400, 'Request_UnsupportedQuery', message);

/** True when the request carries `ConsistencyLevel: eventual` (header names arrive lower-cased). */
export function isEventual(headers: Record<string, unknown>): boolean {
  const value = headers.consistencylevel;
  return typeof value === 'string' && value.trim().toLowerCase() === 'eventual';
}

function parseSearch(raw: string | undefined, eventual: boolean): AdvancedQuery['search'] {
  if (raw === undefined) return null;
  if (!eventual) {
    throw unsupported(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  const m = /^\s*"(\w+):([^"]*)"\s*$/.exec(raw);
  if (!m) throw unsupported('Unsupported Query.');
  return { field: m[1], term: m[2].toLowerCase() };
}

function parseOrderby(raw: string | undefined, hasFilter: boolean, advanced: boolean): AdvancedQuery['orderby'] {
  if (raw === undefined) return null;
  const m = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(raw);
  // Graph: "Using $filter and $orderby together is supported only with advanced queries."
  if (!m || !SORTABLE.has(m[1]) || (hasFilter && !advanced))
    throw unsupported('Sorting not supported for current query.');
  return { field: m[1], descending: m[2]?.toLowerCase() === 'desc' };
}

export function parseAdvanced(q: Record<string, unknown>, eventual: boolean): AdvancedQuery {
  const str = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : undefined);
  const countAsked = str('$count')?.toLowerCase() === 'true';
  return {
    count: countAsked && eventual,
    search: parseSearch(str('$search'), eventual),
    orderby: parseOrderby(str('$orderby'), str('$filter') !== undefined, countAsked && eventual),
  };
}

/** Graph tokenizes displayName/description for `$search`: words split at separators and lower-to-upper case changes. */
function tokens(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

function matches(item: unknown, search: NonNullable<AdvancedQuery['search']>): boolean {
  const value = (item as Record<string, unknown>)[search.field];
  if (typeof value !== 'string') return false;
  const wanted = tokens(search.term);
  const have = tokens(value);
  return wanted.every((w) => have.some((h) => h.startsWith(w)));
}

/** `$search` then `$orderby` over a collection already filtered. */
export function applyAdvanced(items: unknown[], aq: AdvancedQuery): unknown[] {
  const { search, orderby } = aq;
  const found = search ? items.filter((i) => matches(i, search)) : items;
  if (!orderby) return found;
  const key = (i: unknown) => String((i as Record<string, unknown>)[orderby.field] ?? '');
  const sorted = [...found].sort((a, b) => key(a).localeCompare(key(b), 'en', { sensitivity: 'base' }));
  return orderby.descending ? sorted.reverse() : sorted;
}

/** `GET /{collection}/$count`: Graph refuses the segment without the header (Request_BadRequest). */
export function assertCountSegmentAllowed(eventual: boolean): void {
  if (!eventual) throw new ODataError(400, 'Request_BadRequest', '$count is not currently supported.');
}
