import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidType, malformedQuery, sfError } from '../http.js';
import { renderRecord } from '../render.js';
import { type SoqlQuery, parseSoql, select } from '../soql.js';
import { type Cursor, type EmulatorState, queryId, tableOf } from '../state.js';

/** OauthToken: "query returns ≤500 rows and queryMore 500 more, up to 2,500 total" (Object Reference, OauthToken). */
const OAUTH_TOKEN_BATCH = 500;
const OAUTH_TOKEN_CAP = 2500;
const DEFAULT_BATCH = 2000;

const VERSION = /^v\d{2}\.0$/;

/** `Sforce-Query-Options: batchSize=N` (200..2000), else 2000; OauthToken always pages by 500. */
function batchOf(request: FastifyRequest, object: string): number {
  if (object === 'OauthToken') return OAUTH_TOKEN_BATCH;
  const m = /batchSize=(\d+)/.exec(String(request.headers['sforce-query-options'] ?? ''));
  return m ? Math.min(2000, Math.max(200, Number(m[1]))) : DEFAULT_BATCH;
}

/** One page of a cursor from `offset`, with `nextRecordsUrl` while rows remain. */
function page(s: EmulatorState, version: string, id: string, cursor: Cursor, offset: number) {
  const rows = cursor.rows.slice(offset, offset + cursor.batch);
  const next = offset + rows.length;
  const done = next >= cursor.rows.length;
  if (done) s.cursors.delete(id);
  return {
    totalSize: cursor.rows.length,
    done,
    ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${id}-${next}` }),
    records: rows.map((r) => renderRecord(r, cursor.object, cursor.fields, version)),
  };
}

function runQuery(s: EmulatorState, request: FastifyRequest, reply: FastifyReply, version: string, soql: string) {
  let q: SoqlQuery;
  try {
    q = parseSoql(soql);
  } catch (error) {
    return malformedQuery(reply, (error as Error).message);
  }
  const table = tableOf(s, q.object);
  if (!table) return invalidType(reply, q.object);
  let rows = select(table, q);
  // The cap is silent: done is true after 2,500 rows, whatever the table holds.
  if (q.object === 'OauthToken') rows = rows.slice(0, OAUTH_TOKEN_CAP);
  const id = queryId();
  const cursor: Cursor = { object: q.object, fields: q.fields, rows, batch: batchOf(request, q.object) };
  s.cursors.set(id, cursor);
  return page(s, version, id, cursor, 0);
}

/** GET /services/data/vXX.X/query?q=… and GET /services/data/vXX.X/query/{queryLocator} (queryMore). */
export function registerQueryRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/services/data/:version/query', async (request, reply) => {
    const { version } = request.params as { version: string };
    if (!VERSION.test(version)) return sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const q = (request.query as { q?: string }).q;
    if (!q) return malformedQuery(reply, 'A query string has to be specified');
    return runQuery(s, request, reply, version, q);
  });
  app.get('/services/data/:version/query/:locator', async (request, reply) => {
    const { version, locator } = request.params as { version: string; locator: string };
    const [id, offset] = locator.split('-');
    const cursor = s.cursors.get(id);
    if (!cursor || !/^\d+$/.test(offset ?? ''))
      return sfError(reply, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(s, version, id, cursor, Number(offset));
  });
}
