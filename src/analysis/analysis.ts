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
  /** The whole step in one piece. Returns short human-readable summary lines for the CLI. */
  run(ctx: AnalysisContext): Promise<string[]>;
  /** The step's work on one id range (what `ctx.parallel` runs in a thread); `finishRanges` merges the results. */
  runRange?(ctx: AnalysisContext, range: IdRange): Promise<unknown>;
  /** After `runRange` over every range: merges the results, finishes the step, returns its summary. */
  finishRanges?(ctx: AnalysisContext, parts: unknown[]): Promise<string[]>;
  /**
   * The step in one piece on this thread, range after range in id order: it awaits `ranges.ready(i)` before range
   * i and calls `ranges.done(i)` once range i is written, so the next step can start on it meanwhile.
   */
  runInOrder?(ctx: AnalysisContext, ranges: OrderedRanges): Promise<string[]>;
}

export interface OrderedRanges {
  list: readonly IdRange[];
  ready(index: number): Promise<void>;
  done(index: number): void;
}

/** How many id ranges per analysis thread a pipelined analysis cuts: the next step starts on the first ones sooner. */
const RANGES_PER_THREAD = 2;

/**
 * The id ranges a pipelined analysis works through, when the context can run ranges in parallel and the store has
 * identities enough to cut; null when the analysis should run step after step, each in one piece.
 */
export async function analysisRanges(ctx: AnalysisContext): Promise<IdRange[] | null> {
  const parallel = ctx.parallel;
  if (!parallel || parallel.parts < 2) return null;
  const ranges = rangesBetween(await identitySplitPoints(ctx.store, parallel.parts * RANGES_PER_THREAD));
  return ranges.length < 2 ? null : ranges;
}
