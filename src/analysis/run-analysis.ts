import type { AnalysisContext } from './analysis.js';
import { ANALYSIS_STEPS } from './steps.js';

export interface AnalysisOutcome {
  step: string;
  summary: string[];
  /** Wall time of the step, so a slow one shows in `scan --format json` and the benchmark. */
  seconds: number;
  /**
   * CPU time (user + system) of the whole process during the step: its analysis threads included, and whatever else
   * the process runs meanwhile (a queue worker's other jobs), so the step's own figure on a dedicated process.
   */
  cpuSeconds: number;
}

export async function runAnalysis(ctx: AnalysisContext): Promise<AnalysisOutcome[]> {
  const out: AnalysisOutcome[] = [];
  for (const step of ANALYSIS_STEPS) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = await step.run(ctx);
    const used = process.cpuUsage(cpu);
    out.push({
      step: step.name,
      summary,
      seconds: Math.round(performance.now() - started) / 1000,
      cpuSeconds: Math.round((used.user + used.system) / 1000) / 1000,
    });
  }
  return out;
}
