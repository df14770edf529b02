import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { intParam } from '../../../../emulation/kit/index.js';
import { auditLog } from '../audit-log.js';
import { errorBody, guard, notFound, orgOk } from '../http.js';
import type { EmulatorState } from '../state.js';

type Entry = Record<string, unknown>;
type Bound = { op: '>=' | '>' | '<=' | '<'; ms: number };

const DAY = 86_400_000;
const timeOf = (e: Entry) => Number(e.created_at ?? e['@timestamp']);
const idOf = (e: Entry) => String(e._document_id ?? '');

/**
 * GET /orgs/{org}/audit-log as GitHub Enterprise Cloud answers it (an org without GHEC: 404): the planted entries
 * (`auditLog` start option) or else the estate's derived creation events; `phrase` with the `created` qualifier
 * (`>=`, `>`, `<=`, `<`, `A..B`; ISO 8601 dates, optionally with a time) and `action:`, `include` web (default: all
 * but `git.*`), git or all, `order` desc (default) or asc, `per_page` up to 100, and cursor paging: the Link header's
 * rel="next" carries `after=<cursor>`, GitHub's way for this endpoint (no rel="last").
 */
export function registerAuditLogRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/audit-log', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request) || !s.ghec) return notFound(reply);
    const q = request.query as Record<string, string | undefined>;
    const filter = phraseFilter(q.phrase ?? '');
    if (typeof filter === 'string') return reply.code(422).send(errorBody(filter, 422));
    const include = q.include ?? 'web';
    if (!['web', 'git', 'all'].includes(include))
      return reply.code(422).send(errorBody(`include must be one of web, git, all (got ${include})`, 422));
    const asc = q.order === 'asc';
    const entries = (s.plantedAuditLog ?? (auditLog(s.data) as unknown as Entry[]))
      .filter((e) => filter(e) && included(e, include))
      .sort((a, b) => (timeOf(a) - timeOf(b) || idOf(a).localeCompare(idOf(b))) * (asc ? 1 : -1));
    return page(s, request, reply, entries, asc);
  });
}

/** One page after the `after` cursor (the last entry's time and id), and the Link to the next one when there is more. */
function page(s: EmulatorState, request: FastifyRequest, reply: FastifyReply, entries: Entry[], asc: boolean) {
  const q = request.query as Record<string, string | undefined>;
  const perPage = intParam(q.per_page, 30, 100);
  let from = 0;
  if (q.after) {
    const [ms, id] = Buffer.from(q.after, 'base64url').toString().split('|');
    const past = (e: Entry) => (timeOf(e) - Number(ms) || idOf(e).localeCompare(id ?? '')) * (asc ? 1 : -1) > 0;
    from = entries.findIndex(past);
    if (from < 0) from = entries.length;
  }
  const slice = entries.slice(from, from + perPage);
  if (from + perPage < entries.length) {
    const last = slice[slice.length - 1]!;
    const next = new URL(request.url, s.base);
    next.searchParams.set('after', Buffer.from(`${timeOf(last)}|${idOf(last)}`).toString('base64url'));
    next.searchParams.delete('before');
    reply.header('link', `<${next.toString()}>; rel="next"`);
  }
  return slice;
}

const included = (e: Entry, include: string) => {
  const git = String(e.action ?? '').startsWith('git.');
  return include === 'all' || (include === 'git') === git;
};

/** The phrase's `created:` and `action:` qualifiers as one test, or the reason the phrase is not understood. */
function phraseFilter(phrase: string): ((e: Entry) => boolean) | string {
  const bounds: Bound[] = [];
  const actions: string[] = [];
  for (const term of phrase.split(/\s+/).filter(Boolean)) {
    const [qualifier, value = ''] = term.split(/:(.*)/s);
    if (qualifier === 'action') actions.push(value);
    else if (qualifier === 'created') {
      const parsed = createdBounds(value);
      if (!parsed) return `phrase: created:${value} is not a date or date range`;
      bounds.push(...parsed);
    } else return `phrase: the emulator does not search by ${qualifier}`;
  }
  return (e) =>
    (actions.length === 0 || actions.includes(String(e.action))) && bounds.every((b) => compare(timeOf(e), b));
}

function compare(t: number, b: Bound): boolean {
  if (b.op === '>=') return t >= b.ms;
  if (b.op === '>') return t > b.ms;
  if (b.op === '<=') return t <= b.ms;
  return t < b.ms;
}

/** `>=X`, `>X`, `<=X`, `<X` or `A..B`; a date without a time covers its whole (UTC) day. */
function createdBounds(value: string): Bound[] | null {
  const range = /^(.+)\.\.(.+)$/.exec(value);
  if (range) {
    const [a, b] = [instant(range[1]!), instant(range[2]!)];
    return a && b
      ? [
          { op: '>=', ms: a.start },
          { op: '<=', ms: b.end },
        ]
      : null;
  }
  const m = /^(>=|>|<=|<)?(.+)$/.exec(value)!;
  const at = instant(m[2]!);
  if (!at) return null;
  const op = (m[1] ?? '>=') as Bound['op'];
  if (!m[1])
    return [
      { op: '>=', ms: at.start },
      { op: '<=', ms: at.end },
    ];
  return [{ op, ms: op === '>=' || op === '<' ? at.start : at.end }];
}

function instant(text: string): { start: number; end: number } | null {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dayOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  return { start: ms, end: dayOnly ? ms + DAY - 1 : ms };
}
