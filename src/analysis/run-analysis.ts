import {
  type AnalysisContext,
  type AnalysisParallel,
  type AnalysisStep,
  analysisRanges,
  type OrderedRanges,
} from './analysis.js';
import type { IdRange } from '../store/index.js';
import { ANALYSIS_STEPS } from './steps.js';

export interface AnalysisOutcome {
  step: string;
  summary: string[];
  /**
   * Wall time of the step, so a slow one shows in `scan --format json` and the benchmark. In a pipelined analysis
   * steps overlap: a step's time runs from its first range to its end.
   */
  seconds: number;
  /**
   * CPU time (user + system) of the whole process during the step: its analysis threads included, and whatever else
   * the process runs meanwhile (a queue worker's other jobs, an overlapping step), so the step's own figure on a
   * dedicated process with the steps one after the other.
   */
  cpuSeconds: number;
}

export async function runAnalysis(ctx: AnalysisContext): Promise<AnalysisOutcome[]> {
  const ranges = await analysisRanges(ctx);
  if (ranges && ctx.parallel) return runPipelined(ctx, ctx.parallel, ranges);
  const out: AnalysisOutcome[] = [];
  for (const step of ANALYSIS_STEPS) out.push(await measured(step.name, () => step.run(ctx)));
  return out;
}

async function measured(step: string, run: () => Promise<string[]>): Promise<AnalysisOutcome> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const summary = await run();
  const used = process.cpuUsage(cpu);
  return {
    step,
    summary,
    seconds: Math.round(performance.now() - started) / 1000,
    cpuSeconds: Math.round((used.user + used.system) / 1000) / 1000,
  };
}

/**
 * Every step over the id ranges, overlapped: a step starts on a range as soon as the step before it has written that
 * range (risk reads the owners ownership writes), and finishes (merges, resolves what vanished) once the step before
 * it has finished. Ownership runs on this thread in one piece, so without the overlap a core idled through it.
 */
async function runPipelined(
  ctx: AnalysisContext,
  parallel: AnalysisParallel,
  list: IdRange[],
): Promise<AnalysisOutcome[]> {
  let ready: Array<Promise<void>> = list.map(() => Promise.resolve());
  let before: Promise<unknown> = Promise.resolve();
  let beforeRunsHere = false;
  const outcomes: Array<Promise<AnalysisOutcome>> = [];
  for (const step of ANALYSIS_STEPS) {
    const done = list.map(() => deferred());
    const stepReady = ready;
    const stepBefore = before;
    const ranges: OrderedRanges = { list, ready: (i) => stepReady[i], done: (i) => done[i].resolve() };
    // While the step before runs on this thread, one analysis thread fewer: the cores stay as busy, and the process
    // holds one thread's working set less (at 1M, ownership beside two risk threads peaked at 1.7 GB).
    const threads = threadSlots(parallel.parts, beforeRunsHere ? stepBefore : null);
    const outcome = stepReady[0].then(() =>
      measured(step.name, () => overRanges(ctx, parallel, step, ranges, stepBefore, threads)),
    );
    // A failed step fails the ranges it had not finished, so the steps after it stop instead of waiting.
    outcome.catch((error: unknown) => {
      for (const d of done) d.reject(error);
    });
    outcomes.push(outcome);
    ready = done.map((d) => d.promise);
    before = outcome;
    beforeRunsHere = Boolean(step.runInOrder);
  }
  return Promise.all(outcomes);
}

async function overRanges(
  ctx: AnalysisContext,
  parallel: AnalysisParallel,
  step: AnalysisStep,
  ranges: OrderedRanges,
  before: Promise<unknown>,
  threads: Slots,
): Promise<string[]> {
  const all = ranges.list.map((_, i) => i);
  if (step.runInOrder) {
    const summary = await step.runInOrder(ctx, ranges);
    await before;
    return summary;
  }
  if (step.runRange && step.finishRanges) {
    const parts = await Promise.all(
      all.map(async (i) => {
        await ranges.ready(i);
        await threads.acquire();
        try {
          const part = await parallel.run(step.name, ranges.list[i]);
          ranges.done(i);
          return part;
        } finally {
          threads.release();
        }
      }),
    );
    await before;
    return step.finishRanges(ctx, parts);
  }
  // A step that runs only in one piece waits for everything before it.
  await Promise.all(all.map((i) => ranges.ready(i)));
  await before;
  const summary = await step.run(ctx);
  for (const i of all) ranges.done(i);
  return summary;
}

interface Slots {
  acquire(): Promise<void>;
  release(): void;
}

/** `count` slots, handed out in the order asked for; one fewer until `until` settles, when given. */
function threadSlots(count: number, until: Promise<unknown> | null): Slots {
  let free = until ? count - 1 : count;
  const waiting: Array<() => void> = [];
  const wake = () => {
    while (free > 0 && waiting.length > 0) {
      free--;
      waiting.shift()?.();
    }
  };
  const release = () => {
    free++;
    wake();
  };
  until?.then(release, release);
  const acquire = () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      wake();
    });
  return { acquire, release };
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve: () => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Awaited later (or never, after a failure): a rejection here is reported by the step that failed.
  promise.catch(() => {});
  return { promise, resolve, reject };
}
