import type { AnalysisContext } from './analysis.js';
import { ANALYSIS_STEPS } from './steps.js';

export async function runAnalysis(ctx: AnalysisContext): Promise<Array<{ step: string; summary: string[] }>> {
  const out: Array<{ step: string; summary: string[] }> = [];
  for (const step of ANALYSIS_STEPS) out.push({ step: step.name, summary: await step.run(ctx) });
  return out;
}
