import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.js';
import { ENGINES, openTestStore } from '../testing/store.js';
import { detectionRule } from './detection.js';
import { listDetections } from './detections-store.js';
import { activityEvent, EVENT_CLASS, NO_KEYS, type ActivityFormat } from './event.js';
import { pruneEvents, readEvents } from './events-store.js';
import { importChunks } from './pipeline.js';

const DAY = 86_400_000;
const now = new Date('2026-12-05T00:00:00Z');

/** A minimal format for the test: `{ id, daysAgo }` per line (retention is the same for every platform's events). */
const format: ActivityFormat = {
  id: 'test-lines',
  title: 'test',
  parse(r) {
    const { id, daysAgo } = r as { id: string; daysAgo: number };
    return [
      activityEvent({
        id,
        platform: 'aws',
        tenant: 't',
        time: now.getTime() - daysAgo * DAY,
        classUid: EVENT_CLASS.apiActivity,
        operation: 'svc:Op',
        actor: { principal: 'bot', name: 'bot', keys: NO_KEYS, programmatic: true, vendorService: false },
        sourceIp: null,
        userAgent: null,
        success: true,
        target: null,
        targetKeys: NO_KEYS,
        tags: [],
      }),
    ];
  },
};
// Raises on every event, so each imported event leaves a detection behind.
const everyEvent = detectionRule({
  meta: { id: 'activity-test', title: 't', severity: 'low', owasp: 'NHI1:2025', description: '', remediation: '' },
  evaluate: (e) => ({ subject: e.id, message: e.id }),
});

describe.each(ENGINES)('event retention on %s', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(() => store.close());

  const load = (lines: Array<{ id: string; daysAgo: number }>, batchSize: number, retainAfter?: number) =>
    importChunks(
      (async function* () {
        yield lines.map((l) => JSON.stringify(l)).join('\n');
      })(),
      {
        store,
        format,
        platform: 'aws',
        lastUsedSource: 't',
        now: () => now,
        enrich: false,
        rules: [everyEvent],
        batchSize,
        retainAfter,
      },
    );
  const storedIds = async () => {
    const ids: string[] = [];
    for await (const e of readEvents(store)) ids.push(e.id);
    return ids.sort();
  };

  it('drops events past the retention, keeps baselines and detections, and keys of what is still stored', async () => {
    await load(
      [
        { id: 'old', daysAgo: 400 },
        { id: 'mid', daysAgo: 100 },
        { id: 'new', daysAgo: 1 },
      ],
      1,
    );
    // One batch straddling the cutoff: its old event stays until the batch's newest ages out.
    await load(
      [
        { id: 'old-2', daysAgo: 500 },
        { id: 'recent', daysAgo: 2 },
      ],
      10,
    );
    const pruned = await pruneEvents(store, now, 365);
    expect(pruned).toEqual({ events: 1, batches: 1, keys: 1, before: '2025-12-05T00:00:00.000Z' });
    expect(await storedIds()).toEqual(['mid', 'new', 'old-2', 'recent']);
    expect((await listDetections(store)).map((d) => d.subject).sort()).toEqual([
      'mid',
      'new',
      'old',
      'old-2',
      'recent',
    ]);
    const baselines = await store.db.selectFrom('activity_baselines').select('actor_key').execute();
    expect(baselines).toHaveLength(1);
    // Every stored event is still a duplicate on re-import; the pruned one is past the retention, not re-imported.
    const again = await load(
      [
        { id: 'old', daysAgo: 400 },
        { id: 'old-2', daysAgo: 500 },
        { id: 'mid', daysAgo: 100 },
        { id: 'recent', daysAgo: 2 },
      ],
      10,
      now.getTime() - 365 * DAY,
    );
    expect([again.expired, again.duplicates, again.stored]).toEqual([2, 2, 0]);
    // Once the straddling batch ages out too, its keys go with it.
    const later = await pruneEvents(store, new Date(now.getTime() + 400 * DAY), 365);
    expect([later.events, later.batches, later.keys]).toEqual([4, 3, 4]);
    expect(await storedIds()).toEqual([]);
  });
});
