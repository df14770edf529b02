import { type AnalysisContext, type AnalysisStep, inRanges } from '../analysis.js';
import type { IdRange } from '../../store/index.js';
import { BUDGET_DISABLED } from './custom.js';
import { finishRiskAnalysis, runRiskAnalysis, type RiskRunOptions, type RiskRunResult } from './engine.js';

const riskOptions = (ctx: AnalysisContext, idRange?: IdRange): RiskRunOptions => ({
  config: ctx.config,
  clock: ctx.clock,
  builtinRules: ctx.catalogue.builtinRules,
  declaredAttributes: ctx.catalogue.declaredAttributes,
  idRange,
});

async function evaluate(ctx: AnalysisContext): Promise<RiskRunResult> {
  const parts = await inRanges<RiskRunResult>(ctx, riskStep);
  if (!parts) return runRiskAnalysis(ctx.store, riskOptions(ctx));
  return finishRiskAnalysis(ctx.store, riskOptions(ctx), parts);
}

/** Analysis step 'risk': runs after ownership (rules read owners), evaluates the pack, keeps findings and scores. */
export const riskStep: AnalysisStep = {
  name: 'risk',
  runRange: (ctx, range) => runRiskAnalysis(ctx.store, riskOptions(ctx, range)),
  async run(ctx) {
    const r = await evaluate(ctx);
    const f = r.findings;
    const lines = [
      `${r.rules} rules over ${r.identities} identities: ${f.opened} new, ${f.reopened} reopened, ${f.stillOpen} still open, ${f.resolved + r.vanished} resolved, ${f.suppressed} suppressed`,
    ];
    if (r.errorCount) {
      lines.push(
        `${r.errorCount} rule evaluation errors (first: ${r.errors[0].ruleId} on ${r.errors[0].identityId}: ${r.errors[0].message})`,
      );
      ctx.log.warn(lines[1]);
      // A custom rule over its CEL budget: one warning of its own, whichever error came first.
      for (const e of r.errors) if (e.message.includes(BUDGET_DISABLED) && e !== r.errors[0]) ctx.log.warn(e.message);
    }
    return lines;
  },
};
