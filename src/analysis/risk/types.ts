import type { Evidence, PlatformId, Severity } from '../../model/index.js';
import type { Thresholds } from '../../config/thresholds.js';
import type { IdentityView } from '../../store/index.js';

/** OWASP Non-Human Identities Top 10 (2025). */
export const OWASP_NHI_TOP10 = {
  'NHI1:2025': 'Improper Offboarding',
  'NHI2:2025': 'Secret Leakage',
  'NHI3:2025': 'Vulnerable Third-Party NHI',
  'NHI4:2025': 'Insecure Authentication',
  'NHI5:2025': 'Overprivileged NHI',
  'NHI6:2025': 'Insecure Cloud Deployment Configurations',
  'NHI7:2025': 'Long-Lived Secrets',
  'NHI8:2025': 'Environment Isolation',
  'NHI9:2025': 'NHI Reuse',
  'NHI10:2025': 'Human Use of NHI',
} as const;
export type OwaspNhiId = keyof typeof OWASP_NHI_TOP10;
export const OWASP_NHI_IDS = Object.keys(OWASP_NHI_TOP10) as OwaspNhiId[];

export interface RuleMetadata {
  /** Stable id; built-in ids are the risk-catalogue ids (src/estate/risk-catalogue.ts). */
  id: string;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  owasp: OwaspNhiId;
  /**
   * Compliance references, e.g. "PCI DSS 4.0 8.6.3", "NIST SP 800-53 IA-5", "CIS AWS Foundations 7.0 2.12" (CIS labels
   * are written with `cis` from cis.ts).
   */
  compliance: string[];
  /** Platforms whose data carries what the rule needs; identities of other platforms are never evaluated. */
  platforms: 'all' | PlatformId[];
  /** One sentence: which normalized data the rule reads (and so where it can be trusted). */
  dataRequirement: string;
  /**
   * Identity fields the rule reads among those another source fills ('lastUsedAt', 'credentials', 'permissions',
   * 'ownerClaims', 'createdBy', 'attributes' or 'attributes.<name>'). When one is stale (its source did not answer),
   * the rule's finding on that identity is frozen. Absent: any stale field freezes it (the safe default).
   */
  reads?: string[];
  tags?: string[];
}

/** What a rule sees besides the identity: the evaluation's clock and thresholds. */
export interface RuleContext {
  now: Date;
  nowMs: number;
  thresholds: Thresholds;
}

/** Where a cross-identity pre-pass reads from: either every view in memory, or the store. */
export type RuleEvidence = Evidence[] | null | undefined;

/**
 * One rule: metadata plus a condition over one identity view. `evaluate` returns evidence entries when the rule
 * holds, otherwise null/undefined/[]. A rule needing a cross-identity pre-pass provides `prepareFromViews` and
 * `prepareFromStore` (same result, different source); the prepared state is passed back to `evaluate`.
 * Methods (not function properties) so a `Rule<Map<...>>` is a `Rule<unknown>` in the pack list.
 */
export interface Rule<S = unknown> {
  meta: RuleMetadata;
  /** Custom rules carry the file they came from. */
  origin?: { kind: 'builtin' } | { kind: 'custom'; file: string };
  prepareFromViews?(views: readonly IdentityView[], ctx: RuleContext): S;
  prepareFromStore?(store: import('../../store/index.js').Store, ctx: RuleContext): Promise<S>;
  evaluate(view: IdentityView, ctx: RuleContext, state: S): RuleEvidence;
}

/** A rule that held for one identity. */
export interface RuleHit {
  rule: RuleMetadata;
  identity: IdentityView;
  evidence: Evidence[];
}
