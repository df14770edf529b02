import type { ActivityCollector, CollectedBatch, CollectorStream } from '../../../monitoring/event.js';
import { SlackOptions } from '../connector/options.js';
import { AUDIT_CALL, auditLogPage } from './audit-api.js';
import { slackAuditFormat } from './audit-logs.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The Audit Logs API's largest page. */
const PAGE = 9999;
const PERMISSION = "auditlogs:read (an Enterprise Grid Org Owner's user token)";
/** Why a refusal is not "no entries": only Enterprise Grid orgs have the API, and only to an Org Owner's token. */
const NOT_GRID = "the Audit Logs API needs Slack Enterprise Grid and an Org Owner's user token with auditlogs:read";

/**
 * The organization's audit log through `GET https://api.slack.com/audit/v1/logs` (Enterprise Grid): entries of
 * [oldest, latest] (epoch seconds, inclusive), 9999 a page, following `response_metadata.next_cursor`. Each entry goes
 * to the slack-audit parser, de-duplicated by its `id`.
 * https://docs.slack.dev/reference/audit-logs-api/methods-actions-reference
 */
export const slackAuditCollector: ActivityCollector = {
  // Slack documents no retention limit for the Audit Logs API; a first read goes back 90 days, like CloudTrail's.
  firstLookbackMs: 90 * DAY,
  // Slack gives no delivery bound for audit entries: an hour is Steward's margin.
  overlapMs: HOUR,
  streams(tenant, rawOptions): CollectorStream[] {
    const options = SlackOptions.parse(rawOptions);
    // The tenant's options say the org has no audit log to read (not Enterprise Grid, or the source switched off).
    if (options.plan === 'standard' || !options.auditLogs) return [];
    return [
      {
        id: `audit-logs:${tenant}`,
        format: slackAuditFormat,
        endpoint: AUDIT_CALL,
        permission: PERMISSION,
        read: ({ start, end }) => readAuditLog(options, start, end),
      },
    ];
  },
};

async function* readAuditLog(options: SlackOptions, start: number, end: number): AsyncIterable<CollectedBatch> {
  try {
    yield* readRange(options, Math.floor(start / 1000), Math.floor(end / 1000));
  } catch (error) {
    const status = (error as { details?: { httpStatus?: number } }).details?.httpStatus;
    // A refusal of a valid token (401 is a bad token: its own message says so).
    if (status === 403) throw new Error(`${(error as Error).message}: ${NOT_GRID}`, { cause: error });
    throw error;
  }
}

/**
 * Slack answers newest first; the detections need oldest first, so a range is read whole and handed over reversed.
 * A range with more than one page is split in halves (older half first) down to an hour, so memory holds one such
 * range's entries and a quiet org's first 90 days cost one request.
 */
async function* readRange(options: SlackOptions, oldest: number, latest: number): AsyncIterable<CollectedBatch> {
  const first = await auditLogPage(options, { oldest, latest, limit: PAGE, cursor: '' });
  if (first.next && (latest - oldest) * 1000 > HOUR) {
    const middle = oldest + Math.floor((latest - oldest) / 2);
    yield* readRange(options, oldest, middle);
    yield* readRange(options, middle + 1, latest);
    return;
  }
  const entries = [...first.entries];
  for (let cursor = first.next; cursor; ) {
    const page = await auditLogPage(options, { oldest, latest, limit: PAGE, cursor });
    entries.push(...page.entries);
    cursor = page.next;
  }
  if (entries.length === 0) return;
  const times = entries.map(secondsOf).filter((t) => !Number.isNaN(t));
  yield {
    records: entries.reverse().map((e) => JSON.stringify(e)),
    latest: times.length ? Math.max(...times) * 1000 : Number.NEGATIVE_INFINITY,
  };
}

const secondsOf = (entry: unknown): number => {
  const t = (entry as { date_create?: unknown } | null)?.date_create;
  return typeof t === 'number' ? t : Number.NaN;
};
