import type { DeclaredAttributes } from './risk/custom.js';
import type { Rule } from './risk/types.js';
import type { PeopleSourcePolicy } from './ownership/people.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { identitySplitPoints, rangesBetween, type IdRange, type Store } from '../store/index.js';
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
  /** Runs a step's share of the identities elsewhere (worker threads); absent: everything runs here. */
  parallel?: AnalysisParallel;
}

export interface AnalysisParallel {
  /** How many id ranges to cut the identities into (one per thread). */
  parts: number;
  /** Runs `runRange` of the named step over one range, and returns its result. */
  run(step: string, range: IdRange): Promise<unknown>;
}

/** One analysis pass over the normalized inventory (ownership, rules...). Reads the store, writes derived tables. */
export interface AnalysisStep {
  name: string;
  /** Returns short human-readable summary lines for the CLI. */
  run(ctx: AnalysisContext): Promise<string[]>;
  /** The step's work on one id range (what `ctx.parallel` runs in a thread); `run` merges the ranges' results. */
  runRange?(ctx: AnalysisContext, range: IdRange): Promise<unknown>;
}

/**
 * The step's `runRange` results over every range when the context can run ranges in parallel and the store has
 * identities enough to cut; null when the step should run in one piece.
 */
export async function inRanges<T>(ctx: AnalysisContext, step: AnalysisStep): Promise<T[] | null> {
  const parallel = ctx.parallel;
  if (!parallel || parallel.parts < 2 || !step.runRange) return null;
  const ranges = rangesBetween(await identitySplitPoints(ctx.store, parallel.parts));
  if (ranges.length < 2) return null;
  return (await Promise.all(ranges.map((range) => parallel.run(step.name, range)))) as T[];
}
