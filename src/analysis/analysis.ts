import type { DeclaredAttributes } from './risk/custom.js';
import type { Rule } from './risk/types.js';
import type { PeopleSourcePolicy } from './ownership/people.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Store } from '../store/index.js';
import type { StewardConfig } from '../config/schema.js';

/** What the analysis needs to know of the platforms, handed in by the composition root (src/platforms/registry.ts). */
export interface AnalysisCatalogue {
  /** The built-in rule pack: generic rules plus every platform's rules. */
  builtinRules: Rule[];
  peopleSources: PeopleSourcePolicy;
  /** Attribute names each platform's connector declares (its typed facts): custom rules may read only these. */
  declaredAttributes: DeclaredAttributes;
}

export interface AnalysisContext {
  store: Store;
  catalogue: AnalysisCatalogue;
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
