import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyAdvanced, assertCountSegmentAllowed, isEventual, parseAdvanced } from './advanced-query.js';
import { carried, decodeToken, encodeToken, type ODataQuery, pageSizeOf, parseQuery } from './odata.js';
import type { EntraTenant } from './tenant.js';

export const VERSIONS = ['v1.0', 'beta'] as const;
export type GraphVersion = (typeof VERSIONS)[number];
export const DEFAULT_PAGE = 100;

/** What every route of one running emulator shares. */
export interface Served {
  tenant: EntraTenant;
  /** The emulator's base URL (known once it listens): nextLinks, deltaLinks and @odata.context are absolute. */
  baseUrl(): string;
  /** The estate's now: new credentials are stamped with it. */
  now(): Date;
}

/** Turns a collection item into what Graph serves for a query ($select, $expand). */
export type ViewFactory = (q: ODataQuery) => (item: never) => unknown;

export const contextUrl = (s: Served, v: string, what: string) => `${s.baseUrl()}/${v}/$metadata#${what}`;

export const queryOf = (request: FastifyRequest) => parseQuery(request.query as Record<string, unknown>);

/** `$filter=field eq 'value'`, the only filter the connector sends. */
function applyFilter(items: unknown[], q: ODataQuery): unknown[] {
  if (!q.filter) return items;
  const { field, value } = q.filter;
  return items.filter((i) => String((i as Record<string, unknown>)[field]) === value);
}

/** Sends one page of a collection with an absolute @odata.nextLink carrying a $skiptoken. */
export function sendPage(
  s: Served,
  request: FastifyRequest,
  reply: FastifyReply,
  v: string,
  what: string,
  items: unknown[],
  viewFactory: ViewFactory,
): FastifyReply {
  const raw = request.query as Record<string, unknown>;
  let q = raw;
  let offset = 0;
  if (typeof raw.$skiptoken === 'string') {
    const tok = decodeToken<{ o: number; q: Record<string, string> }>(raw.$skiptoken);
    offset = tok.o;
    q = tok.q;
  }
  const parsed = parseQuery(q);
  const advanced = parseAdvanced(q, isEventual(request.headers));
  const top = pageSizeOf(parsed, DEFAULT_PAGE);
  const filtered = applyAdvanced(applyFilter(items, parsed), advanced);
  const map = viewFactory(parsed);
  const page = filtered.slice(offset, offset + top).map((i) => map(i as never));
  const body: Record<string, unknown> = { '@odata.context': contextUrl(s, v, what) };
  if (advanced.count) body['@odata.count'] = filtered.length;
  body.value = page;
  if (offset + top < filtered.length) {
    body['@odata.nextLink'] =
      `${s.baseUrl()}${request.url.split('?')[0]}?$skiptoken=${encodeToken({ o: offset + top, q: carried(q) })}`;
  }
  return reply
    .header(
      'content-type',
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    )
    .send(body);
}

/** `GET /{v}/{collection}/$count`: the number of (filtered, searched) items as text/plain, advanced queries only. */
export function countRoute(app: FastifyInstance, v: string, collection: string, items: () => unknown[]): void {
  app.get(`/${v}/${collection}/$count`, async (request, reply) => {
    const eventual = isEventual(request.headers);
    assertCountSegmentAllowed(eventual);
    const raw = request.query as Record<string, unknown>;
    const found = applyAdvanced(applyFilter(items(), parseQuery(raw)), parseAdvanced(raw, eventual));
    return reply.header('content-type', 'text/plain').send(String(found.length));
  });
}
