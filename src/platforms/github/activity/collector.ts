import type { ActivityCollector, CollectorStream } from '../../../monitoring/event.js';
import { actionScanContext } from '../../action-clients.js';
import { createClient, type GitHubClient, PER_PAGE } from '../connector/client.js';
import { GitHubOptions } from '../connector/options.js';
import { githubAuditFormat } from './audit-log.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ENDPOINT = 'GET /orgs/{org}/audit-log';
const PERMISSION = "read:audit_log (an org owner's classic token) or organization Administration: read (App)";
/** Why a 404 is not "no entries": only GitHub Enterprise Cloud orgs have this endpoint (or the org is not visible). */
const NOT_GHEC =
  'the audit log API needs GitHub Enterprise Cloud; token needs read:audit_log (or the org does not exist for this token)';

/**
 * The organization audit log through `GET /orgs/{org}/audit-log` (GitHub Enterprise Cloud): entries created since the
 * window's start (`phrase=created:>=…`), web and Git events (`include=all`), oldest first (`order=asc`), 100 a page,
 * following the Link header. Each entry goes to the github-audit parser, de-duplicated by `_document_id`.
 * https://docs.github.com/enterprise-cloud@latest/rest/orgs/orgs#get-the-audit-log-for-an-organization
 */
export const githubAuditCollector: ActivityCollector = {
  // The audit log keeps web events 180 days (Git events 7); older ones are not asked for.
  firstLookbackMs: 180 * DAY,
  // Entries reach the audit log's search index some minutes after the action; GitHub documents no bound.
  overlapMs: 30 * MINUTE,
  streams(tenant, rawOptions): CollectorStream[] {
    const options = GitHubOptions.parse(rawOptions);
    const org = options.org ?? tenant;
    const client = createClient(options, actionScanContext<GitHubOptions>('github', tenant, { options }));
    return [
      {
        id: `audit-log:${org}`,
        format: githubAuditFormat,
        endpoint: ENDPOINT.replace('{org}', org),
        permission: PERMISSION,
        read: ({ start, end }) => readAuditLog(client, org, start, end),
      },
    ];
  },
};

/** Entries created in [start, end] (end checked here: the phrase asks only for the start), a page a batch. */
async function* readAuditLog(client: GitHubClient, org: string, start: number, end: number) {
  const params = {
    org,
    // Seconds are the phrase's finest unit: the start rounds down, the overlap and de-duplication cover the rest.
    phrase: `created:>=${new Date(start).toISOString().slice(0, 19)}+00:00`,
    include: 'all',
    order: 'asc',
    per_page: PER_PAGE,
  };
  try {
    for await (const response of client.paginate.iterator(ENDPOINT, params)) {
      const entries = (response.data as unknown[]).filter((e) => inWindow(e, end));
      if (entries.length === 0) continue;
      yield {
        records: entries.map((e) => JSON.stringify(e)),
        latest: Math.max(...entries.map(timeOf).filter((t) => !Number.isNaN(t))),
      };
    }
  } catch (error) {
    if ((error as { status?: unknown }).status === 404)
      throw new Error(`${ENDPOINT.replace('{org}', org)} answered 404: ${NOT_GHEC}`, { cause: error });
    throw error;
  }
}

/** `created_at` (epoch ms, as the REST API sends it) or `@timestamp`. */
function timeOf(entry: unknown): number {
  const e = entry as { created_at?: unknown; '@timestamp'?: unknown };
  const t = e.created_at ?? e['@timestamp'];
  return typeof t === 'number' ? t : Date.parse(String(t));
}

const inWindow = (entry: unknown, end: number) => {
  const t = timeOf(entry);
  // An entry without a readable time is handed over all the same: the parser quarantines it, naming why.
  return Number.isNaN(t) || t <= end;
};
