/** Risk engine: the rule pack (built-in + custom CEL), evaluation, findings lifecycle, risk scores, exports. */
export * from './types.js';
export { GENERIC_RULES } from './rules/index.js';
export { platformRule, type FactsView, type ViewOf } from './platform-rule.js';
export { genericRule, type CommonFactsView } from './generic-rule.js';
export { RISK_CATALOGUE, type RiskDefinition } from './catalogue.js';
export {
  evaluateViews,
  countViewHits,
  ruleContext,
  appliesTo,
  activeRules,
  RuleEvaluator,
  prepareFromViews,
  prepareFromStore,
} from './evaluate.js';
export type { EvaluateOptions, EvaluationError, PreparedRule } from './evaluate.js';
export { loadCustomRules, parseCustomRule, CEL_VARIABLES, CEL_FUNCTIONS } from './custom.js';
export { loadRulePack, runRiskAnalysis } from './engine.js';
export type { RiskRunOptions, RiskRunResult } from './engine.js';
export {
  countOpenFindingsAtOrAbove,
  listFindings,
  getFinding,
  suppressFinding,
  unsuppressFinding,
  suppressFindingsOfRule,
  planFindings,
  findingId,
  severitiesAtOrAbove,
} from './findings-store.js';
export type { FindingFilter, FindingCandidate, LifecycleCounts, Suppression } from './findings-store.js';
export { scoreIdentity, SCORE_MAX, SCORE_FACTORS } from './score.js';
export type { RiskScore, ScorePart } from './score.js';
export { riskStep } from './step.js';
export {
  exportFindings,
  toSarif,
  toOcsf,
  FINDING_EXPORT_FORMATS,
  SECURITY_SEVERITY,
  SARIF_LEVEL,
  OCSF_VERSION,
} from './formats/index.js';
export type { FindingExportFormat } from './formats/index.js';
export {
  exposureFactors,
  exposureOf,
  exposureText,
  fixFirstIdentities,
  identityLabels,
  openFindingsBySeverity,
  severityRankSql,
  FIX_FIRST_SEVERITIES,
} from './fix-first.js';
export type { ExposureFactors, FixFirstIdentity, IdentityLabel } from './fix-first.js';
export { buildReportData, renderReportHtml, barChart } from './report.js';
export type { ReportData } from './report.js';
