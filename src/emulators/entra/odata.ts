/** OData query handling the way Graph does it for directory collections: $select, $expand, $filter (eq), paging. */

export interface ODataQuery {
  select: string[] | null;
  expand: string[];
  filter: { field: string; value: string } | null;
  top: number | null;
}

export class ODataError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
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
      throw new ODataError(400, 'Request_UnsupportedQuery', `Invalid page size specified: '${topRaw}'. Must be between 1 and ${maxTop} inclusive.`);
    }
    top = n;
  }
  let parsedFilter: ODataQuery['filter'] = null;
  if (filter !== undefined) {
    const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/.exec(filter);
    if (!m) throw new ODataError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause specified for property: '${filter}'.`);
    parsedFilter = { field: m[1], value: m[2] };
  }
  return {
    select: select ? select.split(',').map((s) => s.trim()).filter(Boolean) : null,
    expand: expand ? splitTopLevel(expand).map((e) => e.replace(/\(.*$/, '')) : [],
    filter: parsedFilter,
    top,
  };
}

export function project<T extends object>(obj: T, select: string[] | null): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  if (!select) return { ...src };
  const out: Record<string, unknown> = { id: src.id };
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
  for (const k of ['$select', '$expand', '$filter', '$top']) if (typeof q[k] === 'string') out[k] = q[k] as string;
  return out;
}
