import type { AnalysisContext } from './analysis.js';
import { ANALYSIS_STEPS } from './steps.js';

export interface AnalysisOutcome {
  step: string;
  summary: string[];
  /** Wall time of the step, so a slow one shows in `scan --format json` and the benchmark. */
  seconds: number;
}

export async function runAnalysis(ctx: AnalysisContext): Promise<AnalysisOutcome[]> {
  const out: AnalysisOutcome[] = [];
  for (const step of ANALYSIS_STEPS) {
    const started = performance.now();
    const summary = await step.run(ctx);
    out.push({ step: step.name, summary, seconds: Math.round(performance.now() - started) / 1000 });
  }
  return out;
}
