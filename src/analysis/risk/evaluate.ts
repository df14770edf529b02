import type { Evidence, PlatformId } from '../../model/index.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../config/thresholds.js';
import type { IdentityView, Store } from '../../store/index.js';
import type { Rule, RuleContext, RuleHit, RuleMetadata } from './types.js';

export function ruleContext(now: Date, thresholds: Partial<Thresholds> = {}): RuleContext {
  return { now, nowMs: now.getTime(), thresholds: { ...DEFAULT_THRESHOLDS, ...thresholds } };
}

export function appliesTo(meta: RuleMetadata, platform: string): boolean {
  return meta.platforms === 'all' || meta.platforms.includes(platform as PlatformId);
}

/** A rule ready to run: its pre-pass state computed. */
export interface PreparedRule {
  rule: Rule;
  state: unknown;
}

/** Runs each rule's cross-identity pre-pass over views held in memory. */
export function prepareFromViews(rules: Rule[], views: readonly IdentityView[], ctx: RuleContext): PreparedRule[] {
  return rules.map((rule) => ({ rule, state: rule.prepareFromViews ? rule.prepareFromViews(views, ctx) : undefined }));
}

/** Runs each rule's cross-identity pre-pass with one query over the store (never per identity). */
export async function prepareFromStore(rules: Rule[], store: Store, ctx: RuleContext): Promise<PreparedRule[]> {
  const out: PreparedRule[] = [];
  for (const rule of rules)
    out.push({ rule, state: rule.prepareFromStore ? await rule.prepareFromStore(store, ctx) : undefined });
  return out;
}

export interface EvaluationError {
  ruleId: string;
  identityId: string;
  message: string;
}

/**
 * Evaluates prepared rules against identities, one platform's applicable rules at a time. Rules that throw do not
 * stop the others: the error is reported through `onError` and the rule counts as not holding.
 */
export class RuleEvaluator {
  private readonly byPlatform = new Map<string, PreparedRule[]>();
  constructor(
    private readonly prepared: PreparedRule[],
    private readonly ctx: RuleContext,
    private readonly onError?: (e: EvaluationError) => void,
  ) {}

  rulesFor(platform: string): PreparedRule[] {
    let list = this.byPlatform.get(platform);
    if (!list) {
      list = this.prepared.filter((p) => appliesTo(p.rule.meta, platform));
      this.byPlatform.set(platform, list);
    }
    return list;
  }

  /** Calls `hit` for every rule that holds on `view`. */
  evaluate(view: IdentityView, hit: (rule: RuleMetadata, evidence: Evidence[]) => void): void {
    const list = this.rulesFor(view.platform);
    for (let n = 0; n < list.length; n++) {
      const { rule, state } = list[n];
      let evidence: Evidence[] | null | undefined;
      try {
        evidence = rule.evaluate(view, this.ctx, state);
      } catch (error) {
        this.onError?.({ ruleId: rule.meta.id, identityId: view.id, message: (error as Error).message });
        continue;
      }
      if (evidence?.length) hit(rule.meta, evidence);
    }
  }
}

export interface EvaluateOptions {
  now: Date;
  thresholds?: Partial<Thresholds>;
  /** The pack to evaluate (the built-in pack is composed in src/platforms/registry.ts). */
  rules: Rule[];
  /** Rule ids to skip. */
  disabled?: Iterable<string>;
  onError?: (e: EvaluationError) => void;
}

export function activeRules(rules: Rule[], disabled: Iterable<string> = []): Rule[] {
  const off = new Set(disabled);
  return rules.filter((r) => !off.has(r.meta.id));
}

/**
 * Evaluates the rule pack over identity views held in memory (pre-passes included). No store needed: used by the
 * benchmark, by tests on hand-built views, and by anything that wants findings without persisting them.
 */
export function evaluateViews(views: readonly IdentityView[], options: EvaluateOptions): RuleHit[] {
  const ctx = ruleContext(options.now, options.thresholds);
  const rules = activeRules(options.rules, options.disabled);
  const evaluator = new RuleEvaluator(prepareFromViews(rules, views, ctx), ctx, options.onError);
  const hits: RuleHit[] = [];
  for (const identity of views)
    evaluator.evaluate(identity, (rule, evidence) => hits.push({ rule, identity, evidence }));
  return hits;
}

/** Counts hits only (no result objects): what the benchmark times besides `evaluateViews`. */
export function countViewHits(views: readonly IdentityView[], options: EvaluateOptions): Map<string, number> {
  const ctx = ruleContext(options.now, options.thresholds);
  const rules = activeRules(options.rules, options.disabled);
  const evaluator = new RuleEvaluator(prepareFromViews(rules, views, ctx), ctx, options.onError);
  const counts = new Map<string, number>();
  for (const view of views) evaluator.evaluate(view, (rule) => counts.set(rule.id, (counts.get(rule.id) ?? 0) + 1));
  return counts;
}

/** A one-line message for a finding: title plus the first evidence's source. */
export function findingMessage(
  rule: RuleMetadata,
  identity: { name: string; id: string },
  evidence: Evidence[],
): string {
  const first = evidence[0];
  return `${rule.title}: ${identity.name || identity.id}${first ? ` — ${first.source}` : ''}`;
}
