import { setTimeout as sleep } from 'node:timers/promises';
import { CloudTrailClient, type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type {
  ActivityCollector,
  CollectedBatch,
  CollectorSettings,
  CollectorStream,
} from '../../../monitoring/event.js';
import { AwsOptions } from '../connector/options.js';
import { clientConfig } from '../connector/client.js';
import { cloudTrailFormat } from './cloudtrail.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** LookupEvents answers for the last 90 days only. */
const LOOKUP_DAYS = 90;
/** LookupEvents' page size limit (1–50). */
const PAGE_SIZE = 50;
/** LookupEvents is limited to two requests per second per account and Region. */
const LOOKUP_INTERVAL_MS = 500;
/**
 * LookupEvents answers newest first; the detections need oldest first, so a range is read whole and handed over
 * reversed. A range with more than one page is split in halves (older half first) down to this length, so memory
 * holds one such range's events, and a quiet account's 90 days cost one request instead of one per day.
 */
const LEAF_MS = 60 * MINUTE;
/**
 * CloudTrail event history through `LookupEvents` (management events of the tenant's Region, the last 90 days): every
 * event's `CloudTrailEvent` (the record as CloudTrail log files hold it) goes to the cloudtrail parser.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export const cloudTrailCollector: ActivityCollector = {
  firstLookbackMs: LOOKUP_DAYS * DAY,
  // CloudTrail delivers an event within about 15 minutes of the call.
  overlapMs: 15 * MINUTE,
  streams(_tenant, rawOptions, settings): CollectorStream[] {
    const options = AwsOptions.parse(rawOptions);
    const client = new CloudTrailClient(clientConfig(options));
    return [lookupEventsStream(client, options.region, settings)];
  },
};

function lookupEventsStream(client: CloudTrailClient, region: string, settings: CollectorSettings): CollectorStream {
  const pace = new Pace(settings.minRequestIntervalMs ?? LOOKUP_INTERVAL_MS);
  return {
    id: `cloudtrail:LookupEvents:${region}`,
    format: cloudTrailFormat,
    endpoint: `cloudtrail:LookupEvents (${region})`,
    permission: 'cloudtrail:LookupEvents',
    read: ({ start, end }) => readRange(client, pace, start, end),
  };
}

/** Every event of [start, end] (ms, inclusive), oldest first, in batches of at most a leaf range's events. */
async function* readRange(
  client: CloudTrailClient,
  pace: Pace,
  start: number,
  end: number,
): AsyncIterable<CollectedBatch> {
  const first = await lookup(client, pace, start, end, undefined);
  if (first.NextToken && end - start > LEAF_MS) {
    const middle = start + Math.floor((end - start) / 2);
    yield* readRange(client, pace, start, middle);
    yield* readRange(client, pace, middle + 1, end);
    return;
  }
  const events: Event[] = [...(first.Events ?? [])];
  for (let token = first.NextToken; token; ) {
    const page = await lookup(client, pace, start, end, token);
    events.push(...(page.Events ?? []));
    token = page.NextToken;
  }
  const records = events.flatMap((e) => (e.CloudTrailEvent ? [e.CloudTrailEvent] : [])).reverse();
  if (records.length === 0) return;
  yield { records, latest: Math.max(...events.map((e) => e.EventTime?.getTime() ?? Number.NEGATIVE_INFINITY)) };
}

async function lookup(client: CloudTrailClient, pace: Pace, start: number, end: number, NextToken: string | undefined) {
  await pace.next();
  // The same StartTime/EndTime on every page: LookupEvents refuses a NextToken asked with other parameters.
  return client.send(
    new LookupEventsCommand({ StartTime: new Date(start), EndTime: new Date(end), MaxResults: PAGE_SIZE, NextToken }),
  );
}

/** Spaces requests at least `intervalMs` apart (the API's own rate; the SDK retries throttling beyond it). */
class Pace {
  private last = Number.NEGATIVE_INFINITY;
  constructor(private readonly intervalMs: number) {}

  async next(): Promise<void> {
    const wait = this.last + this.intervalMs - Date.now();
    if (wait > 0) await sleep(wait);
    this.last = Date.now();
  }
}
