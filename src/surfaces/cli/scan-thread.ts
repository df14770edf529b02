/**
 * A sync thread of `steward scan --threads N` (src/sync/threads.ts): its own store connection and the registered
 * connectors; the caller sends it tenant jobs.
 */
import { startMemoryBudget } from '../../lib/memory-budget.js';
import { connectorFor } from '../../platforms/registry.js';
import { openStore } from '../../store/index.js';
import { serveSyncThread } from '../../sync/threads.js';
import { filterThreadWarnings } from '../../lib/worker-thread.js';
import { clockFromEnv } from './context.js';

filterThreadWarnings();
serveSyncThread(async (init) => {
  if (init.memoryBudgetMb) startMemoryBudget(init.memoryBudgetMb);
  return { store: await openStore(init.store), connectors: connectorFor, clock: clockFromEnv() };
});
