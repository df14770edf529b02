import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { parse as csvParser } from 'csv-parse';
import {
  type ActivityEvent,
  type ActivityFormat,
  activityEvent,
  EVENT_CLASS,
  type EventActor,
  isJsonObject,
  NO_KEYS,
  RecordRejected,
} from '../../../monitoring/event.js';
import { rowTags } from './operations.js';

/**
 * Salesforce EventLogFile rows → events. A log file is a CSV with a header (`LogFileFieldNames`): `EVENT_TYPE`,
 * `TIMESTAMP` (`yyyyMMddHHmmss.SSS`, UTC) and `TIMESTAMP_DERIVED` (ISO), `REQUEST_ID`, `ORGANIZATION_ID`, `USER_ID`
 * (15 characters) and `USER_ID_DERIVED` (18), `CLIENT_IP`, and per event type `METHOD_NAME`, `METHOD`, `URI`,
 * `ENTITY_NAME`, `ROWS_PROCESSED`, `STATUS_CODE`, `REQUEST_STATUS`, `LOGIN_STATUS`, `OPERATION_TYPE`,
 * `CONNECTED_APP_ID`, `CLIENT_ID`, `DELEGATED_USER_ID`, … Files are read through `decode` (CSV → one JSON object per
 * row); a row arrives as an object keyed by the header (any case: Log Analytics exports write it lower-case).
 *
 * The event id is `<EVENT_TYPE>:<REQUEST_ID>` (a request id alone repeats across event types). The actor is the
 * connected app when the row names one (keys: its id, 18 characters, then the user's) acting as the user, else the
 * user: a person unless the user id is an integration user of the inventory.
 */

type Row = Record<string, string | undefined>;

/** A row csv-parse could not read, handed to the parser to be quarantined with the reason. */
const CSV_ERROR = '__csvError';

export const salesforceElfFormat: ActivityFormat = {
  id: 'salesforce-elf',
  title: 'Salesforce EventLogFile CSV (any event type: API, RestApi, BulkApi, Login, LoginAs, ReportExport, …)',
  thread: { module: import.meta.url, exportName: 'salesforceElfFormat' },
  parse(record: unknown): ActivityEvent[] {
    if (!isJsonObject(record)) throw new RecordRejected('not a JSON object');
    if (typeof record[CSV_ERROR] === 'string') throw new RecordRejected(`CSV row not read: ${record[CSV_ERROR]}`);
    return [rowEvent(upperKeys(record))];
  },
  decode: (chunks) => csvRows(chunks),
};

function upperKeys(record: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [k, v] of Object.entries(record))
    if (v !== null && v !== undefined && v !== '') row[k.toUpperCase()] = String(v);
  return row;
}

/** The CSV's rows as JSON lines, a few hundred a chunk (what `events import` splits). */
async function* csvRows(chunks: AsyncIterable<Uint8Array | string>): AsyncIterable<string> {
  for await (const rows of csvRowBatches(chunks)) yield `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

/**
 * A log file's rows, objects keyed by the header, in batches of up to 500, streamed; a row csv-parse cannot read
 * (a wrong column count, a broken quote) becomes a record the parser quarantines with the reason.
 */
export async function* csvRowBatches(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncIterable<Record<string, unknown>[]> {
  const parser = Readable.from(chunks).pipe(
    csvParser({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      // A row of the wrong length is handed over marked (in its place); one that cannot be parsed at all is skipped
      // and handed over after the rows already read.
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
    }),
  );
  const skipped: Record<string, unknown>[] = [];
  parser.on('skip', (error: Error) => skipped.push({ [CSV_ERROR]: error.message.slice(0, 200) }));
  let invalid = 0;
  let out: Record<string, unknown>[] = [];
  for await (const { record, info } of parser as AsyncIterable<CsvRecord>) {
    const wrongLength = info.invalid_field_length > invalid;
    invalid = info.invalid_field_length;
    out.push(
      ...skipped.splice(0),
      wrongLength ? { [CSV_ERROR]: `line ${info.lines}: not as many fields as the header` } : record,
    );
    if (out.length >= 500) {
      yield out;
      out = [];
    }
  }
  out.push(...skipped.splice(0));
  if (out.length) yield out;
}

type CsvRecord = { record: Record<string, unknown>; info: { lines: number; invalid_field_length: number } };

/** A row's time in epoch ms (NaN when it has none). */
export const rowTime = (record: Record<string, unknown>): number => timeOf(upperKeys(record));

/**
 * `TIMESTAMP_DERIVED` (ISO), else `TIMESTAMP` as `yyyyMMddHHmmss.SSS`; either may be a `yyyy-MM-dd HH:mm:ss.SSS` text
 * as SIEM exports write them (no zone: UTC).
 */
export function timeOf(row: Row): number {
  const t = row.TIMESTAMP_DERIVED ?? row.TIMESTAMP ?? '';
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?$/.exec(t);
  if (compact) {
    const [, y, mo, d, h, mi, s, frac] = compact;
    return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${(frac ?? '').slice(0, 4)}Z`);
  }
  const text = t.replace(/(\.\d{3})\d+/, '$1');
  return text ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`) : Number.NaN;
}

function rowEvent(row: Row): ActivityEvent {
  const eventType = row.EVENT_TYPE;
  const requestId = row.REQUEST_ID;
  if (!eventType || !requestId) throw new RecordRejected('not an EventLogFile row (EVENT_TYPE or REQUEST_ID missing)');
  const time = timeOf(row);
  if (Number.isNaN(time))
    throw new RecordRejected(`TIMESTAMP is not a time (${eventType} row ${requestId.slice(0, 40)})`);
  const ip = row.CLIENT_IP ?? row.SOURCE_IP ?? '';
  const delegated = id18(row.DELEGATED_USER_ID_DERIVED ?? row.DELEGATED_USER_ID);
  return activityEvent({
    id: `${eventType}:${requestId}`,
    platform: 'salesforce',
    tenant: row.ORGANIZATION_ID ?? '',
    time,
    classUid: eventType === 'Login' || eventType === 'LoginAs' ? EVENT_CLASS.authentication : EVENT_CLASS.apiActivity,
    operation: operationOf(eventType, row),
    actor: actorOf(row),
    // Salesforce writes "Salesforce.com IP" for its own addresses.
    sourceIp: isIP(ip) ? ip : null,
    userAgent: row.USER_AGENT ?? row.BROWSER_TYPE ?? null,
    success: succeeded(row),
    target: row.DELEGATED_USER_NAME ?? row.ENTITY_NAME ?? row.ENTITY_TYPE ?? null,
    targetKeys: delegated ? [delegated] : NO_KEYS,
    tags: rowTags(eventType, row),
  });
}

/** `<EVENT_TYPE>:<method>`: the SOAP call, the HTTP method, the Bulk operation or the API family; bounded values only. */
function operationOf(eventType: string, row: Row): string {
  const how = row.METHOD_NAME ?? row.METHOD ?? row.HTTP_METHOD ?? row.OPERATION_TYPE ?? row.API_FAMILY;
  return how ? `${eventType}:${how}` : eventType;
}

/** A refused or failed request: an HTTP error status, request status F/A/N, a login error, a failed status, a false flag. */
function succeeded(row: Row): boolean {
  if (Number(row.STATUS_CODE) >= 400) return false;
  if (row.REQUEST_STATUS && /^[FAN]$/.test(row.REQUEST_STATUS)) return false;
  if (row.LOGIN_STATUS && row.LOGIN_STATUS !== 'LOGIN_NO_ERROR') return false;
  if (row.STATUS && /^fail/i.test(row.STATUS)) return false;
  const flag = (row.IS_SUCCESS ?? row.SUCCESS)?.toLowerCase();
  return flag !== 'false' && flag !== '0';
}

function actorOf(row: Row): EventActor {
  const user = id18(row.USER_ID_DERIVED ?? row.USER_ID);
  const app = id18(row.CONNECTED_APP_ID);
  const name = row.USER_NAME ?? row.USERNAME ?? row.USER_EMAIL ?? user ?? 'unknown';
  // The consumer key (CLIENT_ID) is no inventory key: ConnectedApplication does not expose it.
  const keys = [app, user].filter((k): k is string => k !== null);
  if (app || row.CLIENT_ID)
    return {
      // A connected app is its own actor, apart from the user whose session it holds.
      principal: `${user ?? 'unknown'}#app:${app ?? row.CLIENT_ID}`,
      name: `${row.CONNECTED_APP_NAME ?? app ?? row.CLIENT_ID} as ${name}`,
      keys,
      programmatic: true,
      vendorService: false,
    };
  return {
    principal: user ?? 'unknown',
    name,
    keys: keys.length ? keys : NO_KEYS,
    programmatic: false,
    vendorService: false,
    // A user's session; resolving to an inventory integration user makes it an NHI's event after all.
    person: true,
  };
}

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** A Salesforce id in its 18-character form (the API's, the inventory's): a 15-character id gets its case suffix. */
export function id18(id: string | undefined): string | null {
  if (!id || !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return id ? id : null;
  if (id.length === 18) return id;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id[chunk * 5 + i]!)) bits |= 1 << i;
    suffix += SUFFIX[bits];
  }
  return id + suffix;
}
