import type { AnalysisContext, AnalysisStep } from '../analysis.js';
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

/** Analysis step 'risk': runs after ownership (rules read owners), evaluates the pack, keeps findings and scores. */
export const riskStep: AnalysisStep = {
  name: 'risk',
  run: async (ctx) => summary(ctx, await runRiskAnalysis(ctx.store, riskOptions(ctx))),
  runRange: (ctx, range) => runRiskAnalysis(ctx.store, riskOptions(ctx, range)),
  finishRanges: async (ctx, parts) =>
    summary(ctx, await finishRiskAnalysis(ctx.store, riskOptions(ctx), parts as RiskRunResult[])),
};

function summary(ctx: AnalysisContext, r: RiskRunResult): string[] {
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
}
