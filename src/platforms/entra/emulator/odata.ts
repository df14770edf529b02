/** OData query handling the way Graph does it for directory collections: $select, $expand, $filter (eq), paging. */

export interface ODataQuery {
  select: string[] | null;
  expand: string[];
  filter: { field: string; value: string } | null;
  top: number | null;
}

/** Relationships one request may expand on a directory object (Graph: "…the maximum allowed is 1."). */
export const MAX_EXPAND = 1;
/** Items of an expanded collection on a directory object: Graph returns at most 20 and no nextLink for them. */
export const EXPAND_ITEM_CAP = 20;
/** Page size of a directory-object collection with $expand, whatever $top asks (Graph known issue: max 100). */
export const EXPAND_PAGE_CAP = 100;

/** The page size Graph serves: $top (default `fallback`), at most 100 when a relationship is expanded. */
export function pageSizeOf(q: ODataQuery, fallback: number): number {
  const top = q.top ?? fallback;
  return q.expand.length > 0 ? Math.min(top, EXPAND_PAGE_CAP) : top;
}

export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `owners($select=id,mail),manager` -> ['owners', 'manager'] (nested options are accepted and ignored). */
function splitTopLevel(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

export function parseQuery(q: Record<string, unknown>, maxTop = 999): ODataQuery {
  const str = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : undefined);
  const select = str('$select');
  const expand = str('$expand');
  const filter = str('$filter');
  const topRaw = str('$top');
  let top: number | null = null;
  if (topRaw !== undefined) {
    const n = Number(topRaw);
    if (!Number.isInteger(n) || n < 1 || n > maxTop) {
      throw new ODataError(
        400,
        'Request_UnsupportedQuery',
        `Invalid page size specified: '${topRaw}'. Must be between 1 and ${maxTop} inclusive.`,
      );
    }
    top = n;
  }
  let parsedFilter: ODataQuery['filter'] = null;
  if (filter !== undefined) {
    const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/.exec(filter);
    if (!m)
      throw new ODataError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause specified for property: '${filter}'.`,
      );
    parsedFilter = { field: m[1], value: m[2] };
  }
  const expanded = expand ? splitTopLevel(expand).map((e) => e.replace(/\(.*$/, '')) : [];
  // Directory objects (users, applications, servicePrincipals…) expand one relationship per request.
  if (expanded.length > MAX_EXPAND) {
    throw new ODataError(
      400,
      'BadRequest',
      `The result of parsing $expand contained at least ${expanded.length} items, but the maximum allowed is ${MAX_EXPAND}.`,
    );
  }
  return {
    select: select
      ? select
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    expand: expanded,
    filter: parsedFilter,
    top,
  };
}

export function project<T extends object>(obj: T, select: string[] | null): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  if (!select) return { ...src };
  // Graph names a derived type (an agent identity in /servicePrincipals) whatever $select asks.
  const out: Record<string, unknown> =
    '@odata.type' in src ? { '@odata.type': src['@odata.type'], id: src.id } : { id: src.id };
  for (const key of select) if (key in src) out[key] = src[key];
  return out;
}

export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeToken<T>(token: string): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw new ODataError(400, 'Request_BadRequest', 'The specified page token value has expired or is invalid.');
  }
}

/** The query string parameters a paging token has to carry forward (Graph encodes them into the token). */
export function carried(q: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['$select', '$expand', '$filter', '$top', '$search', '$orderby', '$count'])
    if (typeof q[k] === 'string') out[k] = q[k] as string;
  return out;
}
