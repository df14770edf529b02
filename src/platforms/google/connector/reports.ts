import type { admin_reports_v1 } from '@googleapis/admin';
import type { ConnectorState, ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import type { GoogleCalls, WorkspaceClients } from './client.js';
import { iso } from './common.js';
import type { GoogleOptions } from './options.js';

export type Activity = admin_reports_v1.Schema$Activity;
type Parameter = NonNullable<NonNullable<Activity['events']>[number]['parameters']>[number];

/**
 * Incremental Reports reading shared by the token and admin applications. Google has no delta for these: each run
 * asks for events since the last event seen minus an overlap window (Reports data arrive hours late, and startTime
 * is inclusive), and drops the events already folded by their key (id.time + id.uniqueQualifier). The cursor, the
 * keys inside the overlap window and the folded result live in ctx.state (committed only when the run succeeds).
 */
export interface ReportsCursor<T> {
  /** Time of the newest event folded so far (ISO); null before the first read. */
  cursor: string | null;
  /** Keys of folded events at or after cursor − overlap. */
  seen: string[];
  folded: T;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const eventKey = (a: Activity): string => `${a.id?.time ?? ''}|${a.id?.uniqueQualifier ?? ''}`;

export function loadCursor<T>(state: ConnectorState, key: string, empty: () => T): ReportsCursor<T> {
  const raw = state.get(key);
  if (!raw) return { cursor: null, seen: [], folded: empty() };
  try {
    const parsed = JSON.parse(raw) as ReportsCursor<T>;
    if (parsed && typeof parsed === 'object' && Array.isArray(parsed.seen)) return parsed;
  } catch {
    // An unreadable cursor (an older format) means starting over from the lookback.
  }
  return { cursor: null, seen: [], folded: empty() };
}

/** The first startTime to ask for: cursor − overlap, or the lookback on a first run. */
export function startTimeOf(c: ReportsCursor<unknown>, options: GoogleOptions, now: Date): string {
  const ms = c.cursor
    ? Date.parse(c.cursor) - options.reportsOverlapHours * HOUR_MS
    : now.getTime() - options.reportsLookbackDays * DAY_MS;
  return new Date(ms).toISOString();
}

/** After folding `events`: the newest time becomes the cursor; keys older than the overlap window are dropped. */
export function advance<T>(c: ReportsCursor<T>, events: Activity[], options: GoogleOptions): ReportsCursor<T> {
  let cursor = c.cursor ? Date.parse(c.cursor) : Number.NEGATIVE_INFINITY;
  for (const a of events) cursor = Math.max(cursor, Date.parse(a.id?.time ?? '') || cursor);
  if (!Number.isFinite(cursor)) return c;
  const keepFrom = cursor - options.reportsOverlapHours * HOUR_MS;
  const keys = [...c.seen, ...events.map(eventKey)];
  const seen = [...new Set(keys.filter((k) => Date.parse(k.slice(0, k.indexOf('|'))) >= keepFrom))];
  return { cursor: new Date(cursor).toISOString(), seen, folded: c.folded };
}

export interface ActivityQuery {
  /** The source the events belong to (a malformed event is quarantined under it). */
  source: string;
  call: string;
  applicationName: string;
  startTime: string;
  eventName?: string;
  seen: ReadonlySet<string>;
}

/**
 * Every activities.list page of one application since `startTime` (optionally one event name), unseen ones only.
 * An event without a valid id.time cannot be placed in time: it is quarantined and counted in `malformed`.
 */
export async function listActivities(
  ws: WorkspaceClients,
  calls: GoogleCalls,
  ctx: ScanContext<GoogleOptions>,
  q: ActivityQuery,
  signal: AbortSignal,
): Promise<{ events: Activity[]; malformed: number }> {
  const out: Activity[] = [];
  let malformed = 0;
  let pageToken: string | undefined;
  do {
    const params = {
      userKey: 'all',
      applicationName: q.applicationName,
      customerId: ctx.options.customer === 'my_customer' ? undefined : ctx.options.customer,
      startTime: q.startTime,
      eventName: q.eventName,
      maxResults: ctx.options.reportsPageSize,
      pageToken,
    };
    const page = await calls.call(q.call, signal, (o) => ws.reports.activities.list(params, o));
    ctx.metrics.page();
    ctx.keepRaw(`activities-${q.applicationName}`, page);
    for (const a of page.items ?? []) {
      if (!iso(a?.id?.time)) {
        malformed++;
        await ctx.sources.emit(q.source, a, () => {
          throw new InvalidRecordError(`Reports ${q.applicationName} activity without id.time`, null);
        });
      } else if (!q.seen.has(eventKey(a))) out.push(a);
    }
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);
  return { events: out, malformed };
}

/** A parameter's value: `value`, else the first of `multiValue`. */
export function param(parameters: Parameter[] | undefined, name: string): string | null {
  const p = parameters?.find((x) => x?.name === name);
  if (typeof p?.value === 'string' && p.value !== '') return p.value;
  return Array.isArray(p?.multiValue) && typeof p.multiValue[0] === 'string' ? p.multiValue[0] : null;
}

/** A multi-valued parameter (`multiValue`), or a single `value` split on commas and spaces. */
export function multiParam(parameters: Parameter[] | undefined, name: string): string[] {
  const p = parameters?.find((x) => x?.name === name);
  if (Array.isArray(p?.multiValue)) return p.multiValue.filter((v): v is string => typeof v === 'string' && v !== '');
  return typeof p?.value === 'string' ? p.value.split(/[\s,]+/).filter(Boolean) : [];
}
