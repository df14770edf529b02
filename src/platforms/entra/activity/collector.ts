import { silentLogger } from '../../../lib/logger.js';
import type { ActivityCollector, ActivityFormat, CollectedBatch, CollectorStream } from '../../../monitoring/event.js';
import type { ScanContext } from '../../../sync/connector.js';
import { createGraphSession } from '../connector/client.js';
import { Graph, type GraphPage } from '../connector/graph.js';
import { EntraOptions } from '../connector/options.js';
import { graphAuditsFormat } from './directory-audits.js';
import { graphSignInsFormat } from './sign-ins.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
type Rec = Record<string, unknown>;
const PERMISSION = 'AuditLog.Read.All (application permission; the tenant needs Entra ID P1 or P2)';

interface Report {
  id: string;
  path: string;
  version: 'v1.0' | 'beta';
  timeField: string;
  /** An extra `$filter` clause (the sign-in event type). */
  clause: string | null;
  format: ActivityFormat;
}

/**
 * Directory audits (v1.0) and service-principal and managed-identity sign-ins (beta: v1.0 lists interactive user
 * sign-ins only) through Microsoft Graph `auditLogs`, with the connector's Graph client.
 * https://learn.microsoft.com/graph/api/directoryaudit-list, https://learn.microsoft.com/graph/api/signin-list
 */
const REPORTS: readonly Report[] = [
  {
    id: 'directoryAudits',
    path: '/auditLogs/directoryAudits',
    version: 'v1.0',
    timeField: 'activityDateTime',
    clause: null,
    format: graphAuditsFormat,
  },
  ...(['servicePrincipal', 'managedIdentity'] as const).map((type) => ({
    id: `signIns:${type}`,
    path: '/auditLogs/signIns',
    version: 'beta' as const,
    timeField: 'createdDateTime',
    clause: `signInEventTypes/any(t: t eq '${type}')`,
    format: graphSignInsFormat,
  })),
];

export const entraAuditCollector: ActivityCollector = {
  // Entra keeps audit and sign-in logs 30 days (P1/P2 tenants).
  firstLookbackMs: 30 * DAY,
  // Microsoft gives latencies of minutes for both logs but no bound: two hours is Steward's margin.
  overlapMs: 2 * HOUR,
  streams(tenant, rawOptions): CollectorStream[] {
    const options = EntraOptions.parse(rawOptions);
    return REPORTS.map((report) => ({
      id: report.id,
      format: report.format,
      endpoint: `GET /${report.version}${report.path}`,
      permission: PERMISSION,
      read: ({ start, end }) => readReport(options, tenant, report, start, end),
    }));
  },
};

/** Graph's largest audit and sign-in page. */
const TOP = 1000;

/** Every record of [start, end] (ms, inclusive), oldest first, through the connector's Graph client. */
async function* readReport(
  options: EntraOptions,
  tenant: string,
  report: Report,
  start: number,
  end: number,
): AsyncIterable<CollectedBatch> {
  const ctx = collectContext(options, tenant);
  const session = createGraphSession(options, ctx);
  try {
    yield* readRange(new Graph(session.client, ctx, session.authFailure), report, start, end);
  } finally {
    session.close();
  }
}

/**
 * Graph answers newest first; the detections need oldest first, so a range is read whole and handed over reversed.
 * A range with more than one page is split in halves (older half first) down to an hour, so memory holds one such
 * range's records and a quiet tenant's 30 days cost one request per report.
 */
async function* readRange(graph: Graph, report: Report, start: number, end: number): AsyncIterable<CollectedBatch> {
  const path = `${report.path}?$filter=${encodeURIComponent(filterOf(report, start, end))}&$top=${TOP}`;
  const first = await graph.get<GraphPage<Rec>>(path, report.id, report.version);
  // The Graph helper reads a 404 as "deleted meanwhile"; a report that is not there is unknown, never empty.
  if (!first) throw new Error(`GET /${report.version}${report.path} answered 404`);
  const next = first['@odata.nextLink'];
  if (next && end - start > HOUR) {
    const middle = start + Math.floor((end - start) / 2);
    yield* readRange(graph, report, start, middle);
    yield* readRange(graph, report, middle + 1, end);
    return;
  }
  const items: Rec[] = [...(first.value ?? [])];
  if (next)
    await graph.each<Rec>(
      next,
      report.id,
      (page) => {
        items.push(...page);
      },
      report.version,
    );
  if (items.length === 0) return;
  const times = items.map((r) => Date.parse(String(r[report.timeField]))).filter((t) => !Number.isNaN(t));
  yield { records: items.reverse().map((r) => JSON.stringify(r)), latest: Math.max(...times) };
}

function filterOf(report: Report, from: number, to: number): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const range = `${report.timeField} ge ${iso(from)} and ${report.timeField} le ${iso(to)}`;
  return report.clause ? `${range} and ${report.clause}` : range;
}

/** What the connector's Graph client reads of a scan: a collect is no scan, so nothing is counted or kept raw. */
function collectContext(options: EntraOptions, tenant: string): ScanContext<EntraOptions> {
  return {
    platform: 'entra',
    tenant,
    scope: null,
    options,
    signal: new AbortController().signal,
    log: silentLogger,
    metrics: { apiCall() {}, page() {}, retry() {} },
    keepRaw() {},
  } as unknown as ScanContext<EntraOptions>;
}
