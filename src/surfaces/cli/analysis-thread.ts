/**
 * An analysis thread (src/analysis/analysis.ts `AnalysisParallel`): runs one step's `runRange` over an id range of
 * the store, with its own store connection, and returns the step's partial result.
 */
import type { StewardConfig } from '../../config/schema.js';
import { ANALYSIS_STEPS } from '../../analysis/steps.js';
import type { AnalysisContext } from '../../analysis/analysis.js';
import { fixedClock } from '../../lib/clock.js';
import { createLogger, type LogLevel } from '../../lib/logger.js';
import { startMemoryBudget } from '../../lib/memory-budget.js';
import { filterThreadWarnings, serveTasks } from '../../lib/worker-thread.js';
import { ANALYSIS_CATALOGUE } from '../../platforms/registry.js';
import { openStore, type IdRange } from '../../store/index.js';

export interface AnalysisThreadInit {
  config: StewardConfig;
  /** The run's "now", the same in every thread. */
  now: string;
  logLevel: LogLevel;
  memoryBudgetMb: number | null;
}

let context: Promise<AnalysisContext> | null = null;

function contextFor(init: AnalysisThreadInit): Promise<AnalysisContext> {
  if (init.memoryBudgetMb) startMemoryBudget(init.memoryBudgetMb);
  return openStore(init.config.store).then((store) => ({
    store,
    catalogue: ANALYSIS_CATALOGUE,
    config: init.config,
    clock: fixedClock(init.now),
    log: createLogger({ level: init.logLevel }),
  }));
}

filterThreadWarnings();
serveTasks<AnalysisThreadInit>(
  async (task, init) => {
    const { step, range } = task as { step: string; range: IdRange };
    const run = ANALYSIS_STEPS.find((s) => s.name === step)?.runRange;
    if (!run) throw new Error(`analysis step "${step}" cannot run on a range`);
    context ??= contextFor(init);
    return run(await context, range);
  },
  async () => {
    if (context) await (await context).store.close();
  },
);
