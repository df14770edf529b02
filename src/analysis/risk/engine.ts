import type { Selectable } from 'kysely';
import type { StewardConfig } from '../../config/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { IdentityFilter, IdentityView, IdRange, Store } from '../../store/index.js';
import {
  type BulkOp,
  bulkWrite,
  columnsExcept,
  countRows,
  iterateIdentityViews,
  type RawRow,
  type RiskScoresTable,
  sqliteRawRows,
  type TableSpec,
} from '../../store/index.js';
import { BUDGET_DISABLED, budgetDisabledRules, loadCustomRules, type DeclaredAttributes } from './custom.js';
import {
  activeRules,
  findingMessage,
  prepareFromStore,
  ruleContext,
  RuleEvaluator,
  type EvaluationError,
} from './evaluate.js';
import {
  emptyCounts,
  findingId,
  activeFindingCount,
  NO_OPEN_FINDING,
  planFindings,
  resolveVanished,
  type FindingCandidate,
  type LifecycleCounts,
} from './findings-store.js';
import { rule as credentialReused } from './rules/credential-reused.js';
import { type ExposureFactors, exposureFactors, exposureOf } from './fix-first.js';
import { scoreIdentity, type RiskScore } from './score.js';
import type { Rule, RuleContext } from './types.js';

/**
 * The pack a config selects: built-in rules plus the custom rules of `rules.dir`, minus `rules.disabled`. With
 * `declared`, a custom rule reading an attribute no connector of its platforms declares is refused.
 */
export function loadRulePack(
  config: Pick<StewardConfig, 'rules'>,
  builtinRules: Rule[],
  declared?: DeclaredAttributes,
): { rules: Rule[]; all: Rule[] } {
  const custom = config.rules.dir
    ? loadCustomRules(
        config.rules.dir,
        builtinRules.map((r) => r.meta.id),
        undefined,
        declared,
      )
    : [];
  const all = [...builtinRules, ...custom];
  return { all, rules: activeRules(all, config.rules.disabled) };
}

export interface RiskRunOptions {
  config: Pick<StewardConfig, 'rules'>;
  clock: Clock;
  /** The built-in pack the config's custom and disabled rules are applied to. */
  builtinRules: Rule[];
  /** Attribute names the connectors declare; custom rules reading others are refused (see loadRulePack). */
  declaredAttributes?: DeclaredAttributes;
  /** What to evaluate: each entry a platform (and optional tenant). Default: the whole store. */
  scopes?: Array<{ platform: string; tenant?: string }>;
  /** Overrides the pack the config selects (tests). */
  rules?: Rule[];
  batchSize?: number;
  /**
   * Only identities in this id range (one analysis thread's share): findings of gone identities are then resolved
   * once for the whole run, by `finishRiskAnalysis` with every range's `scopes`.
   */
  idRange?: IdRange;
}

export interface RiskRunResult {
  identities: number;
  rules: number;
  findings: LifecycleCounts;
  /** Active findings of identities that are gone from the inventory, resolved. */
  vanished: number;
  errors: EvaluationError[];
  errorCount: number;
  /** Platform/tenant pairs the run evaluated identities of. */
  scopes: Array<{ platform: string; tenant: string }>;
}

/** risk_scores for the bulk write path (src/store/bulk.ts). */
const SCORES_COLUMNS = [
  'identity_id',
  'platform',
  'tenant',
  'score',
  'privilege',
  'exposure',
  'staleness',
  'ownership',
  'third_party',
  'explanation',
  'parts',
  'computed_at',
  'fix_exposure',
  'fix_factors',
  'open_rank',
] as const;

const SCORES: TableSpec = {
  table: 'risk_scores',
  columns: SCORES_COLUMNS,
  ints: ['score', 'privilege', 'exposure', 'staleness', 'ownership', 'third_party', 'fix_exposure', 'open_rank'],
  conflict: { target: ['identity_id'], update: columnsExcept(SCORES_COLUMNS, ['identity_id']) },
};

/** Columns compared with the stored score: an unchanged score is not rewritten (computed_at = when it last changed). */
const SCORE_COMPARED = [
  'platform',
  'tenant',
  'score',
  'privilege',
  'exposure',
  'staleness',
  'ownership',
  'third_party',
  'explanation',
  'parts',
  'fix_exposure',
  'fix_factors',
  'open_rank',
] as const;
type ScoreRow = Pick<Selectable<RiskScoresTable>, (typeof SCORE_COMPARED)[number] | 'identity_id' | 'computed_at'>;

/** A score with the identity's fix-first keys (src/analysis/risk/fix-first.ts). */
export interface ScoredIdentity extends RiskScore {
  fixExposure: number;
  fixFactors: ExposureFactors;
  /** Its most severe open finding's rank once the batch's findings are planned (NO_OPEN_FINDING: none). */
  openRank: number;
}

function scoreRow(s: ScoredIdentity, now: string): ScoreRow {
  const p: Partial<Record<string, number>> = {};
  for (const x of s.parts) p[x.factor] = x.points;
  return {
    identity_id: s.identityId,
    platform: s.platform,
    tenant: s.tenant,
    score: s.score,
    privilege: p.privilege ?? 0,
    exposure: p.exposure ?? 0,
    staleness: p.staleness ?? 0,
    ownership: p.ownership ?? 0,
    third_party: p.thirdParty ?? 0,
    explanation: s.explanation,
    parts: JSON.stringify(s.parts),
    computed_at: now,
    fix_exposure: s.fixExposure,
    fix_factors: JSON.stringify(s.fixFactors),
    open_rank: s.openRank,
  };
}

type StoredScore = Omit<ScoreRow, 'computed_at'>;

/** The compared columns of stored scores, in the order storedScoreOf reads them (SQLite's native read path). */
const NATIVE_SCORES = `SELECT identity_id, ${SCORE_COMPARED.join(', ')} FROM risk_scores
  WHERE identity_id >= ? AND identity_id <= ?`;

function storedScoreOf(a: RawRow): StoredScore {
  return {
    identity_id: a[0],
    platform: a[1],
    tenant: a[2],
    score: a[3],
    privilege: a[4],
    exposure: a[5],
    staleness: a[6],
    ownership: a[7],
    third_party: a[8],
    explanation: a[9],
    parts: a[10],
    fix_exposure: a[11],
    fix_factors: a[12],
    open_rank: a[13],
  };
}

/** The stored scores of an id range: natively on SQLite, else through Kysely. */
async function storedScores(store: Store, range: { first: string; last: string }): Promise<StoredScore[]> {
  const raw = await sqliteRawRows(store, NATIVE_SCORES, [range.first, range.last]);
  if (raw) return raw.map(storedScoreOf);
  return store.db
    .selectFrom('risk_scores')
    .select(['identity_id', ...SCORE_COMPARED])
    .where('identity_id', '>=', range.first)
    .where('identity_id', '<=', range.last)
    .execute();
}

/**
 * The upsert of one batch's scores that are new or changed. `range` (first and last identity id of a keyset page)
 * reads the stored scores with one range scan; otherwise every score is written.
 */
async function planScores(
  store: Store,
  scores: ScoredIdentity[],
  now: string,
  range?: { first: string; last: string },
): Promise<BulkOp[]> {
  if (scores.length === 0) return [];
  const stored = new Map<string, StoredScore>();
  if (range) for (const r of await storedScores(store, range)) stored.set(r.identity_id, r);
  const rows: ScoreRow[] = [];
  for (const s of scores) {
    const row = scoreRow(s, now);
    const prev = stored.get(row.identity_id);
    if (
      prev &&
      SCORE_COMPARED.every((c) => (typeof row[c] === 'number' ? Number(prev[c]) === row[c] : prev[c] === row[c]))
    )
      continue;
    rows.push(row);
  }
  return rows.length ? [{ kind: 'upsert', spec: SCORES, rows }] : [];
}

/**
 * Evaluates the rule pack over the stored inventory (streamed in batches), reconciles the findings lifecycle and
 * stores a risk score per identity. Only identities inside `scopes` are evaluated, so only their findings can be
 * resolved.
 */
export async function runRiskAnalysis(store: Store, options: RiskRunOptions): Promise<RiskRunResult> {
  const nowDate = options.clock.now();
  const now = nowDate.toISOString();
  const ctx = ruleContext(nowDate, options.config.rules.thresholds);
  const rules = options.rules ?? loadRulePack(options.config, options.builtinRules, options.declaredAttributes).rules;
  const ruleIds = new Set(rules.map((r) => r.meta.id));
  const errors: EvaluationError[] = [];
  let errorCount = 0;
  const prepared = await prepareFromStore(rules, store, ctx);
  const evaluator = new RuleEvaluator(prepared, ctx, (e) => {
    errorCount++;
    if (errors.length < 20 || e.message.includes(BUDGET_DISABLED)) errors.push(e); // budget errors: one per rule
  });
  // The score's "credential shared" factor uses the same pre-pass as the credential-reused rule.
  const reuseRule = credentialReused;
  const reused = (prepared.find((p) => p.rule === reuseRule)?.state ??
    (await reuseRule?.prepareFromStore?.(store, ctx))) as Map<string, number> | undefined;
  const totals = emptyCounts();
  const seenScopes = new Map<string, { platform: string; tenant: string }>();
  let identities = 0;
  // One batch's write in flight while the next batch is read and evaluated: while another thread holds the store's
  // write lock, this one keeps working instead of waiting.
  let writing: Promise<void> = Promise.resolve();
  const filters: IdentityFilter[] = options.scopes?.length
    ? options.scopes.map((s) => ({ platform: s.platform, tenant: s.tenant, idRange: options.idRange }))
    : [{ idRange: options.idRange }];
  for (const filter of filters) {
    for await (const batch of iterateIdentityViews(store, filter, options.batchSize ?? 2000)) {
      for (const view of batch)
        seenScopes.set(`${view.platform}\u0000${view.tenant}`, { platform: view.platform, tenant: view.tenant });
      // A keyset page holds every identity of the store (or of one platform/tenant) between its first and last id.
      const range = { first: batch[0].id, last: batch[batch.length - 1].id };
      const edges = await outEdgeCounts(store, range);
      const { candidates, scores } = evaluateBatch(batch, evaluator, ctx, reused, edges);
      const frozen = frozenFindings(batch, rules);
      identities += batch.length;
      // A custom rule over its CEL budget stopped mid-run: its findings are neither resolved nor changed from here on.
      const off = budgetDisabledRules(prepared);
      const planned = await planFindings(store, {
        identityIds: batch.map((v) => v.id),
        frozen,
        ruleIds: off.size ? new Set([...ruleIds].filter((id) => !off.has(id))) : ruleIds,
        candidates,
        now,
        range,
      });
      for (const k of Object.keys(totals) as Array<keyof LifecycleCounts>) totals[k] += planned.counts[k];
      for (const score of scores) score.openRank = planned.openRanks.get(score.identityId) ?? NO_OPEN_FINDING;
      const ops = [...planned.ops, ...(await planScores(store, scores, now, range))];
      await writing;
      writing = writeBehind(store, ops);
    }
  }
  await writing;
  const result = { identities, rules: rules.length, findings: totals, vanished: 0, errors, errorCount };
  const scopes = [...seenScopes.values()];
  if (options.idRange) return { ...result, scopes };
  return finishRiskAnalysis(store, options, [{ ...result, scopes }]);
}

/** Starts one batch's write; the returned promise is awaited before the next one starts. */
function writeBehind(store: Store, ops: BulkOp[]): Promise<void> {
  if (ops.length === 0) return Promise.resolve();
  const written = bulkWrite(store, ops, { durable: true }).then(() => undefined);
  // Awaited after the next batch is evaluated: until then a failure must not count as unhandled.
  written.catch(() => {});
  return written;
}

/** The first 20 errors, plus one per rule stopped over its CEL budget (every range reports it). */
function firstErrors(errors: readonly EvaluationError[]): EvaluationError[] {
  const budget = new Set<string>();
  return errors.filter((e, i) => {
    if (!e.message.includes(BUDGET_DISABLED)) return i < 20;
    if (budget.has(e.message)) return false;
    budget.add(e.message);
    return true;
  });
}

/**
 * After every id range is evaluated: sums the ranges' results, then resolves the findings and drops the scores of
 * identities gone from the scopes evaluated (or emptied by a complete run).
 */
export async function finishRiskAnalysis(
  store: Store,
  options: RiskRunOptions,
  parts: readonly RiskRunResult[],
): Promise<RiskRunResult> {
  const now = options.clock.now().toISOString();
  const rules = options.rules ?? loadRulePack(options.config, options.builtinRules, options.declaredAttributes).rules;
  const ruleIds = new Set(rules.map((r) => r.meta.id));
  const totals = emptyCounts();
  const seenScopes = new Map<string, { platform: string; tenant: string }>();
  for (const part of parts) {
    for (const k of Object.keys(totals) as Array<keyof LifecycleCounts>) totals[k] += part.findings[k];
    for (const s of part.scopes) seenScopes.set(`${s.platform}\u0000${s.tenant}`, s);
  }
  for (const s of await emptiedScopes(store, options))
    seenScopes.set(`${s.platform}\u0000${s.tenant}`, { platform: s.platform, tenant: s.tenant });
  const scopes = [...seenScopes.values()];
  const identities = parts.reduce((n, p) => n + p.identities, 0);
  // A run over the whole store evaluated every current identity, which now holds a score and its active findings: when
  // the tables hold no more than that, nothing is left to resolve or drop (two counts instead of two anti-joins).
  const wholeStore = !options.scopes?.length;
  const held = totals.opened + totals.reopened + totals.stillOpen;
  const vanished =
    wholeStore && (await activeFindingCount(store)) === held ? 0 : await resolveVanished(store, scopes, ruleIds, now);
  if (!wholeStore || (await countRows(store, 'risk_scores')) !== identities) await dropScoresOfRemoved(store, scopes);
  return {
    identities,
    rules: rules.length,
    findings: totals,
    vanished,
    errors: firstErrors(parts.flatMap((p) => p.errors)),
    errorCount: parts.reduce((n, p) => n + p.errorCount, 0),
    scopes,
  };
}

/**
 * Findings (rule × identity) that may depend on a field this run could not read (the identity's stale fields): a
 * rule that declares what it reads is frozen only when that overlaps; a rule that does not is frozen on any stale
 * field. Frozen findings are neither raised, changed nor resolved until the data is read again.
 */
function frozenFindings(batch: readonly IdentityView[], rules: readonly Rule[]): Set<string> {
  const frozen = new Set<string>();
  for (const view of batch) {
    if (view.stale.length === 0) continue;
    for (const rule of rules) {
      const reads = rule.meta.reads;
      const depends = !reads || view.stale.some((s) => reads.some((r) => s.field === r || s.field.startsWith(`${r}.`)));
      if (depends) frozen.add(findingId(rule.meta.id, view.id));
    }
  }
  return frozen;
}

/** The findings every rule holds on one batch of identities, and each identity's risk score. */
function evaluateBatch(
  batch: readonly IdentityView[],
  evaluator: RuleEvaluator,
  ctx: RuleContext,
  reused: ReadonlyMap<string, number> | undefined,
  edges: ReadonlyMap<string, number>,
): { candidates: FindingCandidate[]; scores: ScoredIdentity[] } {
  const candidates: FindingCandidate[] = [];
  const scores: ScoredIdentity[] = [];
  for (const view of batch) {
    evaluator.evaluate(view, (rule, evidence) =>
      candidates.push({
        ruleId: rule.id,
        identityId: view.id,
        platform: view.platform,
        tenant: view.tenant,
        severity: rule.severity,
        title: rule.title,
        message: findingMessage(rule, view, evidence),
        evidence,
      }),
    );
    const fixFactors = exposureFactors(view, ctx, edges.get(view.id) ?? 0);
    scores.push({
      ...scoreIdentity(view, ctx, reused),
      fixFactors,
      fixExposure: exposureOf(fixFactors, view.enabled),
      openRank: NO_OPEN_FINDING,
    });
  }
  return { candidates, scores };
}

/** Edges leaving each identity of a keyset page (one range scan of the edges primary key): part of its reach. */
async function outEdgeCounts(store: Store, range: { first: string; last: string }): Promise<Map<string, number>> {
  const rows = await store.db
    .selectFrom('edges')
    .select(['from_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('from_id', '>=', range.first)
    .where('from_id', '<=', range.last)
    .groupBy('from_id')
    .execute();
  return new Map(rows.map((r) => [r.from_id, Number(r.n)]));
}

/**
 * Scopes that may hold no current identity any more but still count: the named ones, or (whole-store runs) every
 * scope a full sync ever completed (in whole or part) — what it found gone has findings that are no longer true.
 */
async function emptiedScopes(
  store: Store,
  options: RiskRunOptions,
): Promise<Array<{ platform: string; tenant: string }>> {
  if (options.scopes?.length)
    return options.scopes.filter((s): s is { platform: string; tenant: string } => Boolean(s.tenant));
  return (
    store.db
      .selectFrom('sync_runs')
      .select(['platform', 'tenant'])
      .distinct()
      // A partial run marks gone too (what its complete sources no longer list).
      .where('status', 'in', ['succeeded', 'partial'])
      .where('mode', '=', 'full')
      .execute()
  );
}

/** Scores of identities that no longer exist go with them. */
async function dropScoresOfRemoved(store: Store, scopes: ReadonlyArray<{ platform: string; tenant: string }>) {
  for (const s of scopes) {
    await store.db
      .deleteFrom('risk_scores')
      .where('platform', '=', s.platform)
      .where('tenant', '=', s.tenant)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('identities')
              .select('identities.id')
              .whereRef('identities.id', '=', 'risk_scores.identity_id')
              .where('identities.gone_at', 'is', null),
          ),
        ),
      )
      .execute();
  }
}
