import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { directoryAudits, servicePrincipalSignIns } from '../audit-records.js';
import { decodeToken, encodeToken, ODataError } from '../odata.js';
import { contextUrl, DEFAULT_PAGE, type GraphVersion, type Served, VERSIONS } from '../served.js';

type AuditRecord = Record<string, unknown>;
type Predicate = (r: AuditRecord) => boolean;

/** Graph serves at most 1000 audit or sign-in records a page. */
const MAX_AUDIT_TOP = 1000;

const EVENT_TYPES = /^signInEventTypes\/any\((\w+):\s*\1\s+eq\s+'(\w+)'\)$/;
const COMPARISON = /^(\w+)\s+(eq|ge|gt|le|lt)\s+('([^']*)'|\S+)$/;

const invalid = (clause: string) =>
  new ODataError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause specified: '${clause}'.`);

const ORDER: Record<string, (c: number) => boolean> = {
  eq: (c) => c === 0,
  ge: (c) => c >= 0,
  gt: (c) => c > 0,
  le: (c) => c <= 0,
  lt: (c) => c < 0,
};

/** `field eq 'text'`, or a date compared: `createdDateTime ge 2026-01-01T00:00:00Z`. */
function comparison(clause: string): Predicate {
  const m = COMPARISON.exec(clause);
  if (!m) throw invalid(clause);
  const [, field, op, bare, quoted] = m;
  const value = quoted ?? bare;
  if (op !== 'eq' && !Number.isFinite(Date.parse(value))) throw invalid(clause);
  return (r) => {
    const have = r[field];
    if (typeof have !== 'string') return false;
    return ORDER[op](op === 'eq' ? Number(have !== value) : Date.parse(have) - Date.parse(value));
  };
}

/** The clauses the audit reports take: `signInEventTypes/any(t: t eq '…')`, dates compared, fields equal. */
export function auditFilter(filter: string | undefined, defaultEventType: string | null): Predicate {
  const clauses = filter ? filter.split(/\s+and\s+/i).map((c) => c.trim()) : [];
  const predicates: Predicate[] = [];
  let eventTypeAsked = false;
  for (const clause of clauses) {
    const any = EVENT_TYPES.exec(clause);
    if (any) {
      eventTypeAsked = true;
      predicates.push((r) => (r.signInEventTypes as string[] | undefined)?.includes(any[2]) ?? false);
    } else predicates.push(comparison(clause));
  }
  // Beta signIns: without a signInEventTypes clause Graph lists interactive user sign-ins only.
  if (defaultEventType && !eventTypeAsked)
    predicates.push((r) => (r.signInEventTypes as string[] | undefined)?.includes(defaultEventType) ?? false);
  return (r) => predicates.every((p) => p(r));
}

function auditTop(raw: unknown): number {
  if (raw === undefined) return DEFAULT_PAGE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_AUDIT_TOP)
    throw new ODataError(400, 'Request_UnsupportedQuery', `Invalid page size specified: '${String(raw)}'.`);
  return n;
}

/** One page of an audit report, newest first, with a nextLink carrying $filter and $top in its $skiptoken. */
function sendAuditPage(
  s: Served,
  req: FastifyRequest,
  reply: FastifyReply,
  v: string,
  what: string,
  page: { records: AuditRecord[]; defaultEventType: string | null },
): FastifyReply {
  const raw = req.query as Record<string, string | undefined>;
  const tok = raw.$skiptoken ? decodeToken<{ o: number; f?: string; t?: string }>(raw.$skiptoken) : null;
  const filter = tok ? tok.f : raw.$filter;
  const topRaw = tok ? tok.t : raw.$top;
  const offset = tok?.o ?? 0;
  const top = auditTop(topRaw);
  const found = page.records.filter(auditFilter(filter, page.defaultEventType));
  const body: Record<string, unknown> = { '@odata.context': contextUrl(s, v, what) };
  if (offset + top < found.length) {
    const next = encodeToken({ o: offset + top, f: filter, t: topRaw });
    body['@odata.nextLink'] = `${s.baseUrl()}${req.url.split('?')[0]}?$skiptoken=${next}`;
  }
  body.value = found.slice(offset, offset + top);
  return reply.send(body);
}

/** Records served instead of the derived ones (the arrays themselves: records pushed later are served). */
export interface PlantedAuditLogs {
  directoryAudits?: AuditRecord[];
  signIns?: AuditRecord[];
}

/** Newest first, as Graph lists both reports. */
const newestFirst = (records: AuditRecord[], field: string) =>
  [...records].sort((x, y) => String(y[field]).localeCompare(String(x[field])));

/** Two lists already newest first, as one (the first list's record first on a tie). */
function mergeNewestFirst(a: AuditRecord[], b: AuditRecord[], field: string): AuditRecord[] {
  if (b.length === 0) return a;
  const at = (r: AuditRecord) => Date.parse(String(r[field]));
  const out: AuditRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length)
    out.push(j >= b.length || (i < a.length && at(a[i]) >= at(b[j])) ? a[i++] : b[j++]);
  return out;
}

/**
 * One report's records: those planted instead (`auditLogs` start option, sorted at each request: a test may add some
 * later), else those derived from the estate (the tenant a test may change) with planted activity among them.
 */
function reportRecords(
  field: string,
  instead: AuditRecord[] | undefined,
  derived: () => AuditRecord[],
  extra: AuditRecord[],
): AuditRecord[] {
  return instead ? newestFirst(instead, field) : mergeNewestFirst(derived(), extra, field);
}

/**
 * GET /auditLogs/directoryAudits (v1.0 and beta) and GET /beta/auditLogs/signIns, derived from the estate with any
 * planted activity (`extraAuditLogs`) among them, or planted instead (`auditLogs` start option): served for
 * monitoring (`events collect`); the connector does not read them (its last use comes from the sign-in activity
 * reports, routes/reports.ts).
 */
export function auditLogRoutes(
  app: FastifyInstance,
  s: Served,
  planted: PlantedAuditLogs = {},
  extra: PlantedAuditLogs = {},
): void {
  const extraAudits = newestFirst(extra.directoryAudits ?? [], 'activityDateTime');
  const extraSignIns = newestFirst(extra.signIns ?? [], 'createdDateTime');
  for (const v of VERSIONS as readonly GraphVersion[]) {
    app.get(`/${v}/auditLogs/directoryAudits`, async (req, reply) =>
      sendAuditPage(s, req, reply, v, 'auditLogs/directoryAudits', {
        records: reportRecords(
          'activityDateTime',
          planted.directoryAudits,
          () => directoryAudits(s.tenant.data),
          extraAudits,
        ),
        defaultEventType: null,
      }),
    );
  }
  app.get('/beta/auditLogs/signIns', async (req, reply) =>
    sendAuditPage(s, req, reply, 'beta', 'auditLogs/signIns', {
      records: reportRecords(
        'createdDateTime',
        planted.signIns,
        () => servicePrincipalSignIns(s.tenant.data),
        extraSignIns,
      ),
      defaultEventType: 'interactiveUser',
    }),
  );
}
