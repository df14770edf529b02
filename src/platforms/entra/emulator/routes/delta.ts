import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { graphError } from '../graph-errors.js';
import { carried, decodeToken, encodeToken, pageSizeOf, parseQuery } from '../odata.js';
import { contextUrl, DEFAULT_PAGE, type GraphVersion, type Served } from '../served.js';
import { DELTA_COLLECTIONS, type DeltaCollection } from '../tenant.js';
import type { TenantViews } from '../views.js';

/** Where a delta round is: changes in (since, upto], page offset, the original query, the token generation. */
interface DeltaState {
  since: number;
  upto: number;
  o: number;
  q: Record<string, string>;
  ep: number;
}

/**
 * GET /{collection}/delta. Rounds: nextLinks carry a $skiptoken, the last page a $deltatoken; later rounds return
 * only changes; $deltatoken=latest returns an empty round with a deltaLink from now.
 */
export function deltaRoutes(app: FastifyInstance, s: Served, views: TenantViews, v: GraphVersion): void {
  for (const collection of DELTA_COLLECTIONS)
    app.get(`/${v}/${collection}/delta`, (request, reply) => deltaPage(s, views, collection, v, request, reply));
}

async function deltaPage(
  s: Served,
  views: TenantViews,
  collection: DeltaCollection,
  v: GraphVersion,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const raw = request.query as Record<string, unknown>;
  const path = `${s.baseUrl()}/${v}/${collection}/delta`;
  if (raw.$deltatoken === 'latest' && typeof raw.$skiptoken !== 'string') {
    parseQuery(raw); // the same query validation as a listing (one $expand, $top range)
    const token = encodeToken({ since: s.tenant.currentVersion, q: carried(raw), ep: s.tenant.epoch });
    return reply.send({
      '@odata.context': contextUrl(s, v, `${collection}`),
      value: [],
      '@odata.deltaLink': `${path}?$deltatoken=${token}`,
    });
  }
  const state = roundState(s, raw);
  if (state.ep !== s.tenant.epoch)
    return graphError(
      request,
      reply,
      410,
      'syncStateNotFound',
      'The sync state generation is not found. Please restart the sync with an empty token.',
    );
  const q = parseQuery(state.q);
  const top = pageSizeOf(q, DEFAULT_PAGE);
  const entries = s.tenant.changes(collection, state.since, state.upto);
  const view = views.of(collection)(q);
  const value = entries
    .slice(state.o, state.o + top)
    .map((e) =>
      e.kind === 'removed'
        ? { id: e.id, '@removed': { reason: 'deleted' } }
        : view(s.tenant.object(collection, e.id) as never),
    );
  const body: Record<string, unknown> = { '@odata.context': contextUrl(s, v, collection), value };
  if (state.o + top < entries.length)
    body['@odata.nextLink'] = `${path}?$skiptoken=${encodeToken({ ...state, o: state.o + top })}`;
  else body['@odata.deltaLink'] = `${path}?$deltatoken=${encodeToken({ since: state.upto, q: state.q, ep: state.ep })}`;
  return reply.send(body);
}

/** The round a request continues ($skiptoken), starts from a deltaLink ($deltatoken), or starts afresh. */
function roundState(s: Served, raw: Record<string, unknown>): DeltaState {
  if (typeof raw.$skiptoken === 'string') return decodeToken<DeltaState>(raw.$skiptoken);
  if (typeof raw.$deltatoken === 'string') {
    const tok = decodeToken<{ since: number; q: Record<string, string>; ep: number }>(raw.$deltatoken);
    return { since: tok.since, upto: s.tenant.currentVersion, o: 0, q: tok.q, ep: tok.ep };
  }
  return { since: -1, upto: s.tenant.currentVersion, o: 0, q: carried(raw), ep: s.tenant.epoch };
}
