import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Store } from '../store/index.js';
import type { StewardConfig } from '../config/schema.js';

export interface AnalysisContext {
  store: Store;
  config: StewardConfig;
  clock: Clock;
  log: Logger;
}

/** One analysis pass over the normalized inventory (ownership, rules...). Reads the store, writes derived tables. */
export interface AnalysisStep {
  name: string;
  /** Returns short human-readable summary lines for the CLI. */
  run(ctx: AnalysisContext): Promise<string[]>;
}
