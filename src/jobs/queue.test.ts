import { describe, expect, it } from 'vitest';
import { ANALYSIS_QUEUE, openQueue, SYNC_QUEUE } from './queue.js';
import { createTestDatabase } from '../testing/pg.js';

describe('job queue set-up', () => {
  it('lets several workers start at once on a fresh database (no create_queue deadlock), each seeing both queues', async () => {
    const url = await createTestDatabase();
    const starts = await Promise.allSettled(
      Array.from({ length: 4 }, () => openQueue(url, { supervise: false, max: 2 })),
    );
    const failures = starts.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    try {
      expect(failures).toEqual([]);
      for (const s of starts) {
        if (s.status !== 'fulfilled') continue;
        expect((await s.value.getQueue(SYNC_QUEUE))?.name).toBe(SYNC_QUEUE);
        expect((await s.value.getQueue(ANALYSIS_QUEUE))?.name).toBe(ANALYSIS_QUEUE);
      }
    } finally {
      for (const s of starts)
        if (s.status === 'fulfilled') await s.value.stop({ graceful: false, wait: true, close: true });
    }
  });
});
