import type { EventTag } from '../../../monitoring/event.js';

/**
 * What an EventLogFile row means (its `EVENT_TYPE`, as the EventLogFile Supported Event Types reference names them,
 * and the row's own fields). Rows of other event types carry no tag: stored, baselined, never sensitive.
 */

/** Rows processed by one API call from which a read counts as bulk (Steward's threshold: a page of a UI list is 2,000). */
export const BULK_ROWS = 10_000;

/** Event types that are bulk reads whatever their size: report exports. */
const EXPORT_TYPES = new Set(['ReportExport']);
/** Bulk API jobs, and Real-Time Event Monitoring's Bulk API result downloads (as SIEMs export them). */
const BULK_TYPES = new Set(['BulkApi', 'BulkApi2', 'BulkApiResultEventStore']);
/** API event types whose `ROWS_PROCESSED` says how much a call read. */
const API_TYPES = new Set(['API', 'RestApi', 'ApiTotalUsage']);

type Row = Readonly<Record<string, string | undefined>>;

export function rowTags(eventType: string, row: Row): readonly EventTag[] {
  if (EXPORT_TYPES.has(eventType)) return ['data.export'];
  // A Bulk API job's operation: query and queryAll read, the others write; a row that does not say counts as a read
  // (one look too many rather than a missed theft: the Salesloft Drift tokens were used for bulk queries).
  if (BULK_TYPES.has(eventType)) return /^(query|queryall|)$/i.test(row.OPERATION_TYPE ?? '') ? ['data.export'] : [];
  if (API_TYPES.has(eventType) && Number(row.ROWS_PROCESSED) >= BULK_ROWS) return ['data.export'];
  // An administrator signed in as another user: a session for someone else.
  if (eventType === 'LoginAs') return ['session.issue'];
  // A sign-in through the login page (not the OAuth token or SOAP login endpoints under /services/).
  if (eventType === 'Login' && row.URI && !row.URI.startsWith('/services/')) return ['login.interactive'];
  return [];
}
