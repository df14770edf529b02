import type { PlatformId } from '../model/index.js';
import { loadConnectorState, saveConnectorState } from '../store/connector-state.js';
import type { Store } from '../store/index.js';
import type { DetectionThresholds } from './detection.js';
import type { CollectorSettings, CollectorStream, PlatformActivity } from './event.js';
import { importChunks, type ImportSummary } from './pipeline.js';

/** One configured tenant to collect from (`tenants[]` of steward.yaml). */
export interface CollectJob {
  platform: PlatformId;
  tenant: string;
  options: unknown;
}

export interface CollectOptions {
  store: Store;
  now: () => Date;
  /** The platform's activity hook (the registry's; this layer does not know the platforms). */
  activityOf: (platform: PlatformId) => PlatformActivity | undefined;
  /** Turns a vendor or SDK error into one redacted line (the scan's own describer). */
  describeError: (error: unknown) => string;
  enrich?: boolean;
  thresholds?: DetectionThresholds;
  retainAfter?: number;
  settings?: CollectorSettings;
}

/** What one stream of one tenant gave, or why it gave nothing new. */
export interface StreamResult {
  platform: PlatformId;
  tenant: string;
  stream: string;
  endpoint: string;
  /** `failed`: the vendor refused, failed or timed out; the cursor was kept, what was read before is stored. */
  status: 'collected' | 'failed';
  /** The time range asked for (the overlap before the cursor included). */
  window: { start: string; end: string };
  cursorBefore: string | null;
  cursorAfter: string | null;
  summary: ImportSummary | null;
  error: string | null;
  /** The permission the endpoint needs (named when it failed). */
  permission: string;
}

/** The stream's cursor in connector_state: the time of the newest record stored. */
const cursorKey = (stream: CollectorStream) => `activity:${stream.id}`;

/**
 * Collects every stream of every job: each read starts the collector's overlap before the stored cursor (records
 * the vendor delivers late), goes through the same pipeline as `events import` (re-read records are duplicates by the
 * vendor's event id), and the cursor moves to the newest record only after the whole read is stored. A failure
 * leaves the cursor where it was; what was read before it is stored (and de-duplicated when read again).
 */
export async function collectActivity(jobs: readonly CollectJob[], options: CollectOptions): Promise<StreamResult[]> {
  const results: StreamResult[] = [];
  for (const job of jobs) {
    const activity = options.activityOf(job.platform);
    const collector = activity?.collector;
    if (!activity || !collector) continue;
    for (const stream of collector.streams(job.tenant, job.options, options.settings ?? {}))
      results.push(await collectStream(job, activity, stream, options));
  }
  return results;
}

async function collectStream(
  job: CollectJob,
  activity: PlatformActivity,
  stream: CollectorStream,
  options: CollectOptions,
): Promise<StreamResult> {
  const collector = activity.collector!;
  const { store } = options;
  const key = cursorKey(stream);
  const cursorBefore = (await loadConnectorState(store, job.platform, job.tenant)).get(key) ?? null;
  const end = options.now().getTime();
  const start = cursorBefore ? Date.parse(cursorBefore) - collector.overlapMs : end - collector.firstLookbackMs;
  let latest = cursorBefore ? Date.parse(cursorBefore) : Number.NEGATIVE_INFINITY;
  async function* chunks(): AsyncIterable<string> {
    for await (const batch of stream.read({ start, end })) {
      if (batch.records.length === 0) continue;
      latest = Math.max(latest, batch.latest);
      yield `${batch.records.join('\n')}\n`;
    }
  }
  const base = {
    platform: job.platform,
    tenant: job.tenant,
    stream: stream.id,
    endpoint: stream.endpoint,
    permission: stream.permission,
    window: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
    cursorBefore,
  };
  let summary: ImportSummary;
  try {
    summary = await importChunks(chunks(), {
      store,
      format: stream.format,
      platform: job.platform,
      lastUsedSource: activity.lastUsedSource,
      keyAttributes: activity.keyAttributes,
      now: options.now,
      enrich: options.enrich ?? true,
      thresholds: options.thresholds,
      retainAfter: options.retainAfter,
      // Records arrive at the API's pace: a parse thread would only wait.
      parseThread: false,
    });
  } catch (error) {
    return {
      ...base,
      status: 'failed',
      cursorAfter: cursorBefore,
      summary: null,
      error: options.describeError(error),
    };
  }
  const cursorAfter = Number.isFinite(latest) ? new Date(latest).toISOString() : null;
  if (cursorAfter && cursorAfter !== cursorBefore)
    await saveConnectorState(
      store,
      job.platform,
      job.tenant,
      new Map([[key, cursorAfter]]),
      options.now().toISOString(),
    );
  return { ...base, status: 'collected', cursorAfter, summary, error: null };
}
