import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OktaLogEventData } from '../../estate/types.js';
import { type Getter, objectGetter, parseFilter, type Predicate } from '../filter.js';
import { badFilter, oktaError, query, setLinks } from '../http.js';
import type { EmulatorState } from '../state.js';

const DAY_MS = 86_400_000;

/** The paths filters use most, read off the compact event; anything else off the rendered event. */
function eventGetter(s: EmulatorState, e: OktaLogEventData): Getter {
  let full: Getter | undefined;
  return (path) => {
    switch (path) {
      case 'eventType':
        return e.eventType;
      case 'published':
        return e.published;
      case 'uuid':
        return e.uuid;
      case 'actor.id':
        return e.actor.id;
      case 'actor.type':
        return e.actor.type;
      case 'client.id':
        return e.clientId;
      case 'transaction.detail.requestApiTokenId':
        return e.apiTokenId ?? undefined;
      case 'target.id':
        return e.target.map((t) => t.id);
      default:
        full ??= objectGetter(s.render.logEvent(e));
        return full(path);
    }
  };
}

/** First index whose time is ≥ t (times ascending). */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface LogQuery {
  since: number;
  until: number | null;
  limit: number;
  descending: boolean;
  after: number | null;
  test: Predicate | null;
  words: string[];
}

function parseLogQuery(request: FastifyRequest): LogQuery | string {
  const q = query(request);
  const until = q.until ? Date.parse(q.until) : null;
  const since = q.since ? Date.parse(q.since) : (until ?? Date.now()) - 7 * DAY_MS;
  if (Number.isNaN(since) || (until !== null && Number.isNaN(until))) return 'since and until must be ISO 8601 dates';
  const limit = q.limit === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > 1000) return 'limit must be between 0 and 1000';
  const after = q.after ? Number(q.after.split('_')[1]) : null;
  if (after !== null && !Number.isInteger(after)) return 'after is not a cursor this API returned';
  let test: Predicate | null = null;
  if (q.filter) test = parseFilter(q.filter);
  const words = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return { since, until, limit, descending: q.sortOrder === 'DESCENDING' && until !== null, after, test, words };
}

function matches(s: EmulatorState, e: OktaLogEventData, q: LogQuery): boolean {
  if (q.test && !q.test(eventGetter(s, e))) return false;
  if (q.words.length === 0) return true;
  const text = `${e.eventType} ${e.displayMessage} ${e.actor.alternateId} ${e.actor.displayName}`.toLowerCase();
  return q.words.every((w) => text.includes(w));
}

/** The events a request walks: their times (ascending), whether one matches, and its LogEvent JSON. */
interface LogSource {
  times: Float64Array;
  matches(i: number, q: LogQuery): boolean;
  render(i: number): Record<string, unknown>;
}

/** The generated org's System Log (compact events rendered on the way out). */
function estateSource(s: EmulatorState): LogSource {
  return {
    times: s.logTimes,
    matches: (i, q) => matches(s, s.data.logs[i], q),
    render: (i) => s.render.logEvent(s.data.logs[i]),
  };
}

/**
 * LogEvents a test planted (`systemLog` option), served as given, ordered by `published`; read again on every
 * request, so events planted later (delivered late) show up.
 */
function plantedSource(planted: readonly Record<string, unknown>[]): LogSource {
  const timeOf = (e: Record<string, unknown>) => Date.parse(String(e.published));
  const events = [...planted].sort((a, b) => timeOf(a) - timeOf(b));
  return {
    times: Float64Array.from(events, timeOf),
    matches: (i, q) => {
      const e = events[i];
      if (q.test && !q.test(objectGetter(e))) return false;
      const text = JSON.stringify([e.eventType, e.displayMessage, e.actor]).toLowerCase();
      return q.words.every((w) => text.includes(w));
    },
    render: (i) => events[i],
  };
}

/**
 * The estate's System Log and planted activity as one log in `published` order (the estate's event first on a tie),
 * built once: the planted events (`steward emulate`'s activity) are fixed at start, and the estate's stay compact.
 */
function mergedSource(estate: LogSource, planted: LogSource): LogSource {
  const n = estate.times.length + planted.times.length;
  const times = new Float64Array(n);
  // ≥ 0: an estate event's index; < 0: planted event -(index + 1).
  const from = new Int32Array(n);
  for (let i = 0, e = 0, p = 0; i < n; i++) {
    const takeEstate = p >= planted.times.length || (e < estate.times.length && estate.times[e] <= planted.times[p]);
    times[i] = takeEstate ? estate.times[e] : planted.times[p];
    from[i] = takeEstate ? e++ : -++p;
  }
  return {
    times,
    matches: (i, q) => (from[i] >= 0 ? estate.matches(from[i], q) : planted.matches(-from[i] - 1, q)),
    render: (i) => (from[i] >= 0 ? estate.render(from[i]) : planted.render(-from[i] - 1)),
  };
}

/** The log a running emulator serves: the estate's, merged with its planted activity when it has some (built once). */
const served = new WeakMap<EmulatorState, LogSource>();
function servedSource(s: EmulatorState): LogSource {
  let src = served.get(s);
  if (!src) {
    src = s.extraLogs?.length ? mergedSource(estateSource(s), plantedSource(s.extraLogs)) : estateSource(s);
    served.set(s, src);
  }
  return src;
}

/** Walks the time range from the cursor, in order, collecting up to `limit` matches; `next` = where to go on. */
function collect(src: LogSource, q: LogQuery): { events: Record<string, unknown>[]; last: number; more: boolean } {
  const times = src.times;
  const start = lowerBound(times, q.since);
  const end = q.until === null ? times.length : lowerBound(times, q.until);
  const step = q.descending ? -1 : 1;
  let i = q.after !== null ? q.after + step : q.descending ? end - 1 : start;
  const events: Record<string, unknown>[] = [];
  let last = q.after ?? (q.descending ? end : start - 1);
  for (; i >= start && i < end && events.length < q.limit; i += step) {
    if (src.matches(i, q)) events.push(src.render(i));
    last = i;
  }
  return { events, last, more: i >= start && i < end };
}

/**
 * The System Log. Bounded requests (`since` + `until`) return the events published in [since, until), in order
 * (`sortOrder`), finite: `rel="next"` only while more remain. Polling requests (no `until`) are ascending and
 * always carry `rel="next"`, even on an empty page. `filter` and `q` narrow the events; `after` is opaque. The
 * events are the generated org's (with planted activity among them: `extraSystemLog`), or those a test planted
 * (`systemLog` emulator option) instead.
 */
export function registerLogRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/api/v1/logs', async (request, reply) => {
    let q: LogQuery | string;
    try {
      q = parseLogQuery(request);
    } catch (error) {
      return badFilter(reply, (error as Error).message);
    }
    if (typeof q === 'string') return oktaError(reply, 400, 'E0000001', 'Api validation failed: ', [q]);
    const src = s.plantedLogs ? plantedSource(s.plantedLogs) : servedSource(s);
    const { events, last, more } = collect(src, q);
    let next: URL | null = null;
    if (more || q.until === null) {
      next = new URL(request.url, s.base);
      next.searchParams.set('after', `${Math.trunc(src.times[last] ?? q.since)}_${last}`);
    }
    setLinks(s, request, reply, next);
    return events;
  });
}
