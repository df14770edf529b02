import { availableParallelism } from 'node:os';
import type { AnalysisParallel } from '../../analysis/analysis.js';
import { siblingModule, TaskThread } from '../../lib/worker-thread.js';
import type { Store } from '../../store/index.js';
import type { AnalysisThreadInit } from './analysis-thread.js';

/** Identities from which 'auto' analysis uses several threads (below, starting them costs more than it saves). */
const LARGE_STORE_IDENTITIES = 50_000;
const MAX_AUTO_THREADS = 4;

/** How many analysis threads: as configured, or for 'auto' one per core (up to four) on a large store. */
export async function analysisThreadCount(setting: number | 'auto', store: Store): Promise<number> {
  if (setting !== 'auto') return setting;
  const { n } = await store.db
    .selectFrom('identities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('gone_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n) < LARGE_STORE_IDENTITIES ? 1 : Math.min(availableParallelism(), MAX_AUTO_THREADS);
}

/** `count` analysis threads, each taking one id range of a step at a time; close them when the analysis is done. */
export function startAnalysisThreads(
  count: number,
  init: AnalysisThreadInit,
): AnalysisParallel & { close(): Promise<void> } {
  const entry = siblingModule(import.meta.url, './analysis-thread');
  const threads = Array.from({ length: count }, () => ({ thread: new TaskThread(entry, init), busy: 0 }));
  return {
    parts: count,
    async run(step, range) {
      const slot = threads.reduce((a, b) => (b.busy < a.busy ? b : a));
      slot.busy++;
      try {
        return await slot.thread.call({ step, range });
      } finally {
        slot.busy--;
      }
    },
    close: async () => {
      await Promise.all(threads.map((t) => t.thread.close()));
    },
  };
}
