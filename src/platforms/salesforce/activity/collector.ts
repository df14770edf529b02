import type { ActivityCollector, CollectedBatch, CollectorStream } from '../../../monitoring/event.js';
import { VendorCallError } from '../../../sync/failure.js';
import { actionScanContext } from '../../action-clients.js';
import { createClient, errorOf, queryPages, statusOf } from '../connector/client.js';
import { instanceUrlOf, SalesforceOptions } from '../connector/options.js';
import { csvRowBatches, rowTime, salesforceElfFormat } from './elf.js';

const DAY = 24 * 60 * 60_000;
const PERMISSION =
  'View Event Log Files and API Enabled (the org needs Event Monitoring: Salesforce Shield or the add-on)';
/** Why a refusal is not "no activity": without Event Monitoring the object is not there for the token. */
const NO_EVENT_MONITORING =
  'EventLogFile is not queryable: the org needs Event Monitoring (Salesforce Shield or the Event Monitoring add-on) and the user View Event Log Files';

interface LogFileRow {
  Id: string;
  EventType: string;
  LogDate: string;
  Interval?: string;
  LogFileLength?: number;
}

/**
 * Event Monitoring's daily log files: `SELECT Id, EventType, LogDate, Interval, LogFileLength FROM EventLogFile WHERE
 * LogDate >= <start> AND LogDate <= <end> AND Interval = 'Daily' ORDER BY LogDate ASC` through the connector's SOQL
 * client, then each file's CSV from `GET /services/data/vXX.X/sobjects/EventLogFile/<Id>/LogFile`, streamed and
 * parsed row by row. Rows go to the salesforce-elf parser, de-duplicated by event type and REQUEST_ID.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_event_log_file_download.htm
 */
export const salesforceElfCollector: ActivityCollector = {
  // Event Monitoring keeps log files 30 days.
  firstLookbackMs: 30 * DAY,
  // A daily file comes the day after its LogDate, whole: re-reading two days of files finds one that came late.
  overlapMs: 2 * DAY,
  streams(tenant, rawOptions): CollectorStream[] {
    const options = SalesforceOptions.parse(rawOptions);
    return [
      {
        id: 'eventlogfile:daily',
        format: salesforceElfFormat,
        endpoint: 'query:EventLogFile',
        permission: PERMISSION,
        read: ({ start, end }) => readLogFiles(options, tenant, start, end),
      },
    ];
  },
};

/** SOQL's datetime literal (seconds, UTC). */
const soqlTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Every row of the daily files whose LogDate is in [start, end], file by file in LogDate order. */
async function* readLogFiles(options: SalesforceOptions, tenant: string, start: number, end: number) {
  const client = createClient(options, actionScanContext<SalesforceOptions>('salesforce', tenant, { options }));
  const soql =
    'SELECT Id, EventType, LogDate, Interval, LogFileLength FROM EventLogFile ' +
    `WHERE LogDate >= ${soqlTime(start)} AND LogDate <= ${soqlTime(end)} AND Interval = 'Daily' ORDER BY LogDate ASC`;
  const files: LogFileRow[] = [];
  try {
    for await (const page of queryPages<LogFileRow>(client, { keepRaw() {}, metrics: noMetrics }, soql, never))
      files.push(...page);
  } catch (error) {
    const details = (error as VendorCallError).details;
    // INVALID_TYPE reaches here as a 404; a 403 is only this when access is refused (REQUEST_LIMIT_EXCEEDED is a 403).
    if (details?.httpStatus === 404 || details?.vendorCode === 'INSUFFICIENT_ACCESS')
      throw new Error(`${(error as Error).message}: ${NO_EVENT_MONITORING}`, { cause: error });
    throw error;
  }
  const url = (id: string) =>
    `${instanceUrlOf(options, tenant)}/services/data/v${options.apiVersion}/sobjects/EventLogFile/${id}/LogFile`;
  for (const file of files) yield* readLogFile(options, url(file.Id));
}

const noMetrics = { apiCall() {}, page() {}, retry() {} };
const never = new AbortController().signal;

/** One log file's rows in batches, the CSV streamed; each batch's newest row time moves the cursor. */
async function* readLogFile(options: SalesforceOptions, url: string): AsyncIterable<CollectedBatch> {
  for await (const rows of csvRowBatches(await download(options, url))) {
    const times = rows.map(rowTime).filter((t) => !Number.isNaN(t));
    yield {
      records: rows.map((r) => JSON.stringify(r)),
      latest: times.length ? Math.max(...times) : Number.NEGATIVE_INFINITY,
    };
  }
}

const CALL = 'GET /services/data/{version}/sobjects/EventLogFile/{id}/LogFile';

/**
 * The file's body as a stream: the connector's Bearer token, 5xx retried `maxRetries` times, Salesforce's error
 * array as a VendorCallError; `requestTimeoutMs` bounds the wait for the answer and then every pause between chunks
 * (a file of hundreds of megabytes may take longer than one request's timeout as a whole).
 */
async function download(options: SalesforceOptions, url: string): Promise<AsyncIterable<Uint8Array>> {
  for (let attempt = 0; ; attempt++) {
    const abort = new AbortController();
    let timer = setTimeout(() => abort.abort(new Error('timeout')), options.requestTimeoutMs);
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${options.accessToken}`, accept: 'text/csv' },
      signal: abort.signal,
    }).catch((error: unknown) => {
      clearTimeout(timer);
      const timeout = abort.signal.aborted;
      throw new VendorCallError(
        timeout ? `Salesforce did not answer ${CALL} within ${options.requestTimeoutMs} ms` : String(error),
        { call: CALL, ...(timeout ? { kind: 'timeout' as const } : {}) },
        { cause: error },
      );
    });
    if (response.status >= 500 && attempt < options.maxRetries) {
      clearTimeout(timer);
      await response.body?.cancel();
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      continue;
    }
    if (response.status >= 400 || !response.body) {
      clearTimeout(timer);
      const body = await response.text();
      const error = errorOf(body);
      throw new VendorCallError(`Salesforce answered HTTP ${response.status} ${error?.errorCode ?? ''} on ${CALL}`, {
        kind: 'http',
        call: CALL,
        httpStatus: statusOf(response.status, error?.errorCode),
        vendorCode: error?.errorCode,
      });
    }
    const body = response.body;
    return (async function* () {
      try {
        for await (const chunk of body) {
          clearTimeout(timer);
          timer = setTimeout(() => abort.abort(new Error('timeout')), options.requestTimeoutMs);
          yield chunk;
        }
      } finally {
        clearTimeout(timer);
      }
    })();
  }
}
