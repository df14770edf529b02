import type { ActivityCollector, CollectedBatch, CollectorStream } from '../../../monitoring/event.js';
import { VendorCallError } from '../../../sync/failure.js';
import { actionScanContext } from '../../action-clients.js';
import { createClient, type OktaClient } from '../connector/client.js';
import { OktaOptions } from '../connector/options.js';
import { getJson, urlOf } from '../connector/requests.js';
import { LOG_OVERLAP_MS } from '../connector/usage.js';
import { oktaSystemLogFormatFor } from './system-log.js';

const DAY = 86_400_000;
const PATH = '/api/v1/logs';
/** The System Log API's page size limit (0–1000). */
const PAGE_SIZE = 1000;
const PERMISSION =
  'okta.logs.read (OAuth service app scope), or an SSWS token of an admin whose role may read the System Log';

/**
 * The org's System Log through `GET /api/v1/logs` as a bounded request (`since` = the window's start, `until` = its
 * end), oldest first (`sortOrder=ASCENDING`), 1000 a page, following `Link: rel="next"` until a page comes back
 * empty or without one. Requests go through the official SDK's client as the scan builds it (SSWS or an OAuth service
 * app; HTTP 429 waits for X-Rate-Limit-Reset) and read the raw LogEvent JSON, the shape `events import --format okta`
 * reads. https://developer.okta.com/docs/api/openapi/okta-management/management/tag/SystemLog/#tag/SystemLog/operation/listLogEvents
 */
export const oktaSystemLogCollector: ActivityCollector = {
  // Okta keeps the System Log 90 days; older events are not asked for.
  firstLookbackMs: 90 * DAY,
  // Okta persists some events after their `published` time (the connector's last-use read uses the same margin).
  overlapMs: LOG_OVERLAP_MS,
  streams(tenant, rawOptions): CollectorStream[] {
    const options = OktaOptions.parse(rawOptions);
    const client = createClient(options, actionScanContext<OktaOptions>('okta', tenant, { options }));
    return [
      {
        id: 'system-log',
        format: oktaSystemLogFormatFor(tenant),
        endpoint: `GET ${client.orgUrl}${PATH}`,
        permission: PERMISSION,
        read: ({ start, end }) => readSystemLog(client, start, end),
      },
    ];
  },
};

/** Events published in [start, end] (`until` is exclusive: one millisecond past the end), a page a batch. */
async function* readSystemLog(client: OktaClient, start: number, end: number): AsyncIterable<CollectedBatch> {
  let url: string | null = urlOf(client, PATH, {
    since: new Date(start).toISOString(),
    until: new Date(end + 1).toISOString(),
    sortOrder: 'ASCENDING',
    limit: PAGE_SIZE,
  });
  while (url) {
    const answer = await getJson(client, url);
    if (!Array.isArray(answer.body))
      throw new VendorCallError(`Okta answered ${answer.call} with no list`, { kind: 'malformed', call: answer.call });
    const events = answer.body as unknown[];
    if (events.length === 0) return;
    const times = events.map(publishedOf).filter((t) => !Number.isNaN(t));
    // An event without a readable time is handed over all the same: the parser quarantines it, naming why.
    yield { records: events.map((e) => JSON.stringify(e)), latest: times.length ? Math.max(...times) : start };
    url = answer.link;
  }
}

const publishedOf = (event: unknown) => Date.parse(String((event as { published?: unknown })?.published));
