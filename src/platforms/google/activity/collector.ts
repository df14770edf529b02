import type { admin_reports_v1 } from '@googleapis/admin';
import type { ActivityCollector, ActivityFormat, CollectedBatch, CollectorStream } from '../../../monitoring/event.js';
import { actionScanContext } from '../../action-clients.js';
import { authFor, GoogleCalls, workspaceClients } from '../connector/client.js';
import { GoogleOptions } from '../connector/options.js';
import { googleReportsFormatFor } from './reports.js';

type Activity = admin_reports_v1.Schema$Activity;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PERMISSION =
  'https://www.googleapis.com/auth/admin.reports.audit.readonly (domain-wide delegation to the service account, as `subject`, an admin with the Reports privilege)';
/** The applications read: OAuth token grants and uses, Admin console changes, sign-ins. */
const APPLICATIONS = ['token', 'admin', 'login'] as const;
/**
 * activities.list answers newest first; the detections need oldest first, so a range is read whole and handed over
 * reversed. A range with more than one page is split in halves (older half first) down to this length, so memory
 * holds one such range's activities, and a quiet application's months cost one request.
 */
const LEAF_MS = HOUR;

/**
 * Google Workspace Reports through `activities.list` (userKey `all`) of the token, admin and login applications, with
 * the official @googleapis/admin reports_v1 client built as the scan builds it (service-account key with domain-wide
 * delegation, ADC, or a static access token), every request through the scan's retrying call wrapper.
 * https://developers.google.com/workspace/admin/reports/v1/reference/activities/list
 */
export const googleReportsCollector: ActivityCollector = {
  // Google keeps token, admin and login events for 6 months.
  firstLookbackMs: 180 * DAY,
  // Reports data arrive late: admin events within minutes, other applications up to hours (Google's "Data
  // retention and lag times"; rarely later still). Each read starts 6 hours back (the connector's
  // reportsOverlapHours default); an event delivered later than that is missed.
  overlapMs: 6 * HOUR,
  streams(tenant, rawOptions): CollectorStream[] {
    const options = GoogleOptions.parse(rawOptions);
    if (!options.workspace) return [];
    const ctx = actionScanContext<GoogleOptions>('google', tenant, { options });
    const calls = new GoogleCalls(ctx);
    const reports = lazyReports(options);
    const format = googleReportsFormatFor(tenant);
    return APPLICATIONS.map((app) => {
      const call = `GET /admin/reports/v1/activity/users/all/applications/${app}`;
      const list = async (params: admin_reports_v1.Params$Resource$Activities$List, signal: AbortSignal) =>
        calls.call(call, signal, async (o) => (await reports()).activities.list(params, o));
      return stream(app, call, format, options, list);
    });
  },
};

/** The Reports client, its credential fetched once on the first request (a stream list costs no token fetch). */
function lazyReports(options: GoogleOptions): () => Promise<admin_reports_v1.Admin> {
  let client: Promise<admin_reports_v1.Admin> | undefined;
  return () => {
    client ??= authFor(options, 'workspace').then((auth) => workspaceClients(auth, options).reports);
    return client;
  };
}

type List = (
  params: admin_reports_v1.Params$Resource$Activities$List,
  signal: AbortSignal,
) => Promise<admin_reports_v1.Schema$Activities>;

function stream(
  app: string,
  call: string,
  format: ActivityFormat,
  options: GoogleOptions,
  list: List,
): CollectorStream {
  const customerId = options.customer === 'my_customer' ? undefined : options.customer;
  const page = (start: number, end: number, pageToken: string | undefined) =>
    list(
      {
        userKey: 'all',
        applicationName: app,
        customerId,
        // The same bounds on every page: startTime and endTime are both inclusive.
        startTime: new Date(start).toISOString(),
        endTime: new Date(end).toISOString(),
        maxResults: options.reportsPageSize,
        pageToken,
      },
      new AbortController().signal,
    );
  return {
    id: `reports:${app}`,
    format,
    endpoint: call,
    permission: PERMISSION,
    read: ({ start, end }) => readRange(page, start, end),
  };
}

type Page = (start: number, end: number, pageToken: string | undefined) => Promise<admin_reports_v1.Schema$Activities>;

/** Every activity of [start, end] (ms, inclusive), oldest first, in batches of at most a leaf range's activities. */
async function* readRange(page: Page, start: number, end: number): AsyncIterable<CollectedBatch> {
  const first = await page(start, end, undefined);
  if (first.nextPageToken && end - start > LEAF_MS) {
    const middle = start + Math.floor((end - start) / 2);
    yield* readRange(page, start, middle);
    yield* readRange(page, middle + 1, end);
    return;
  }
  const items: Activity[] = [...(first.items ?? [])];
  for (let token = first.nextPageToken; token; ) {
    const next = await page(start, end, token);
    items.push(...(next.items ?? []));
    token = next.nextPageToken ?? undefined;
  }
  if (items.length === 0) return;
  const times = items.map((a) => Date.parse(a.id?.time ?? '')).filter((t) => !Number.isNaN(t));
  // An activity without a readable time is handed over all the same: the parser quarantines it, naming why.
  yield { records: items.reverse().map((a) => JSON.stringify(a)), latest: times.length ? Math.max(...times) : start };
}
