import type { Evidence, Finding, FindingStatus, Severity } from '../../model/index.js';
import { SEVERITIES, severityRank } from '../../model/index.js';
import { sql } from 'kysely';
import { UserError } from '../../lib/errors.js';
import { severityRankSql } from './fix-first.js';
import {
  columnsExcept,
  type BulkOp,
  type FindingsTable,
  type RawRow,
  sqliteRawRows,
  type Store,
  type TableSpec,
} from '../../store/index.js';

/** What one evaluation says about one rule × identity. */
export interface FindingCandidate {
  ruleId: string;
  identityId: string;
  platform: string;
  tenant: string;
  severity: Severity;
  title: string;
  message: string;
  evidence: Evidence[];
}

export interface LifecycleCounts {
  opened: number;
  reopened: number;
  stillOpen: number;
  resolved: number;
  suppressed: number;
}

export const emptyCounts = (): LifecycleCounts => ({
  opened: 0,
  reopened: 0,
  stillOpen: 0,
  resolved: 0,
  suppressed: 0,
});

export const findingId = (ruleId: string, identityId: string): string => `${ruleId}|${identityId}`;

const ACTIVE: FindingStatus[] = ['open', 'reopened'];
const IDS_PER_QUERY = 1000;

const suppressionExpired = (row: FindingsTable, now: string): boolean =>
  row.suppressed_until !== null && row.suppressed_until <= now;

/** The findings table for the bulk write path (src/store/bulk.ts): the key, rule and identity never change. */
const FINDINGS_COLUMNS = [
  'id',
  'rule_id',
  'identity_id',
  'platform',
  'tenant',
  'severity',
  'title',
  'message',
  'evidence',
  'status',
  'first_seen',
  'last_seen',
  'resolved_at',
  'resolved_reason',
  'suppressed_reason',
  'suppressed_by',
  'suppressed_until',
] as const;

const FINDINGS: TableSpec = {
  table: 'findings',
  columns: FINDINGS_COLUMNS,
  conflict: { target: ['id'], update: columnsExcept(FINDINGS_COLUMNS, ['id', 'rule_id', 'identity_id']) },
};

/** True when writing `base` over `prev` would change nothing but last_seen. */
const sameContent = (prev: FindingsTable, c: FindingCandidate, evidence: string): boolean =>
  prev.evidence === evidence &&
  prev.message === c.message &&
  prev.title === c.title &&
  prev.severity === c.severity &&
  prev.platform === c.platform &&
  prev.tenant === c.tenant;

/**
 * Plans one batch of evaluation results for the findings table (`planFindings`: one read per batch, never a query
 * per identity; the caller writes the returned operations, in one transaction with its own). `identityIds` are the
 * identities evaluated in this batch and `ruleIds` the rules that ran: only findings of those pairs can be resolved,
 * so a platform, tenant or rule that was not evaluated keeps its findings as they are. `range` (the batch's first and
 * last identity id in the database's order, when the batch is a keyset page of contiguous ids) reads the stored
 * findings with one index range scan instead of IN lists.
 *
 * Lifecycle: new → open; true again after resolved → reopened; no longer true → resolved. A suppressed finding
 * stays suppressed while its suppression lasts (evidence and last seen still refreshed); once `until` has passed
 * it returns to open (still true) or resolved (no longer true).
 *
 * Only what changes is written: new findings and findings whose status or content (evidence, message, title,
 * severity) changed are upserted whole; a finding that is still true and otherwise unchanged gets only its
 * last_seen moved, in one set-based UPDATE per batch.
 */
type ReconcileBatch = {
  identityIds: readonly string[];
  /**
   * Finding ids (rule × identity) whose evidence may depend on data this run could not read (stale fields): they
   * are neither raised, changed nor resolved.
   */
  frozen?: ReadonlySet<string>;
  ruleIds: ReadonlySet<string>;
  candidates: readonly FindingCandidate[];
  now: string;
  range?: { first: string; last: string };
};

/** What one batch writes: whole rows to upsert, and ids whose last_seen alone moves. */
interface FindingWrites {
  writes: FindingsTable[];
  touched: string[];
}

/** What one batch writes to the findings table (see ReconcileBatch), and its lifecycle counts. */
export async function planFindings(
  store: Store,
  batch: ReconcileBatch,
): Promise<{ counts: LifecycleCounts; ops: BulkOp[]; openRanks: Map<string, number> }> {
  const counts = emptyCounts();
  const { now } = batch;
  const existing = await existingFindings(store, batch);
  const out: FindingWrites = { writes: [], touched: [] };
  const seen = new Set<string>();
  const frozen = batch.frozen ?? new Set<string>();
  const openRanks = new OpenRanks();
  for (const c of batch.candidates) {
    const id = findingId(c.ruleId, c.identityId);
    if (frozen.has(id)) continue;
    seen.add(id);
    const outcome = stillTrue(c, id, existing.get(id), now, out);
    counts[outcome]++;
    if (outcome !== 'suppressed') openRanks.add(c.identityId, c.severity);
  }
  for (const [id, prev] of existing) {
    if (seen.has(id)) continue;
    if (frozen.has(id) || !batch.ruleIds.has(prev.rule_id)) {
      // Kept as stored: it still ranks its identity while it is open.
      if (ACTIVE.includes(prev.status as FindingStatus)) openRanks.add(prev.identity_id, prev.severity as Severity);
      continue;
    }
    if (
      ACTIVE.includes(prev.status as FindingStatus) ||
      (prev.status === 'suppressed' && suppressionExpired(prev, now))
    ) {
      out.writes.push({
        ...prev,
        status: 'resolved',
        resolved_at: now,
        resolved_reason: 'no longer true',
        ...NOT_SUPPRESSED,
      });
      counts.resolved++;
    }
  }
  const ops: BulkOp[] = [];
  if (out.writes.length) ops.push({ kind: 'upsert', spec: FINDINGS, rows: out.writes });
  if (out.touched.length)
    ops.push({ kind: 'update', table: 'findings', set: { last_seen: now }, column: 'id', values: out.touched });
  return { counts, ops, openRanks: openRanks.byIdentity };
}

/** Each identity's most severe open finding as a rank (risk_scores.open_rank: 4 critical … 0 info; absent = none). */
class OpenRanks {
  readonly byIdentity = new Map<string, number>();

  add(identityId: string, severity: Severity): void {
    const rank = severityRank(severity);
    if (rank > (this.byIdentity.get(identityId) ?? NO_OPEN_FINDING)) this.byIdentity.set(identityId, rank);
  }
}

/** risk_scores.open_rank of an identity with no open finding. */
export const NO_OPEN_FINDING = -1;

const NOT_SUPPRESSED = { suppressed_reason: null, suppressed_by: null, suppressed_until: null } as const;

/** Every findings column, in the order findingOf reads them (SQLite's native read path). */
const NATIVE_FINDINGS = `SELECT ${[...FINDINGS_COLUMNS, 'suppressed_at'].join(', ')} FROM findings
  WHERE identity_id >= ? AND identity_id <= ?`;

function findingOf(a: RawRow): FindingsTable {
  return {
    id: a[0],
    rule_id: a[1],
    identity_id: a[2],
    platform: a[3],
    tenant: a[4],
    severity: a[5],
    title: a[6],
    message: a[7],
    evidence: a[8],
    status: a[9],
    first_seen: a[10],
    last_seen: a[11],
    resolved_at: a[12],
    resolved_reason: a[13],
    suppressed_reason: a[14],
    suppressed_by: a[15],
    suppressed_until: a[16],
    suppressed_at: a[17],
  };
}

/** The stored findings of an id range: natively on SQLite, else through Kysely. */
async function findingsInRange(store: Store, range: { first: string; last: string }): Promise<FindingsTable[]> {
  const raw = await sqliteRawRows(store, NATIVE_FINDINGS, [range.first, range.last]);
  if (raw) return raw.map(findingOf);
  return store.db
    .selectFrom('findings')
    .selectAll()
    .where('identity_id', '>=', range.first)
    .where('identity_id', '<=', range.last)
    .execute();
}

/** The stored findings of the batch's identities, by finding id. */
async function existingFindings(store: Store, batch: ReconcileBatch): Promise<Map<string, FindingsTable>> {
  const existing = new Map<string, FindingsTable>();
  if (batch.range && batch.identityIds.length) {
    const rows = await findingsInRange(store, batch.range);
    const inBatch = new Set(batch.identityIds);
    for (const r of rows) if (inBatch.has(r.identity_id)) existing.set(r.id, r);
    return existing;
  }
  for (let i = 0; i < batch.identityIds.length; i += IDS_PER_QUERY) {
    const ids = batch.identityIds.slice(i, i + IDS_PER_QUERY);
    const rows = await store.db.selectFrom('findings').selectAll().where('identity_id', 'in', ids).execute();
    for (const r of rows) existing.set(r.id, r);
  }
  return existing;
}

/** One finding that holds now: records its write and returns which lifecycle count it adds to. */
function stillTrue(
  c: FindingCandidate,
  id: string,
  prev: FindingsTable | undefined,
  now: string,
  out: FindingWrites,
): 'opened' | 'suppressed' | 'stillOpen' | 'reopened' {
  const evidence = JSON.stringify(c.evidence);
  const base = {
    id,
    rule_id: c.ruleId,
    identity_id: c.identityId,
    platform: c.platform,
    tenant: c.tenant,
    severity: c.severity,
    title: c.title,
    message: c.message,
    evidence,
    last_seen: now,
  };
  if (!prev) {
    out.writes.push({
      ...base,
      status: 'open',
      first_seen: now,
      resolved_at: null,
      resolved_reason: null,
      ...NOT_SUPPRESSED,
    });
    return 'opened';
  }
  if (prev.status === 'suppressed' && !suppressionExpired(prev, now)) {
    if (sameContent(prev, c, evidence)) out.touched.push(id);
    else out.writes.push({ ...prev, ...base });
    return 'suppressed';
  }
  if (prev.status === 'suppressed') {
    out.writes.push({ ...prev, ...base, status: 'open', resolved_at: null, resolved_reason: null, ...NOT_SUPPRESSED });
    return 'stillOpen';
  }
  if (prev.status === 'resolved') {
    out.writes.push({ ...prev, ...base, status: 'reopened', resolved_at: null, resolved_reason: null });
    return 'reopened';
  }
  if (sameContent(prev, c, evidence)) out.touched.push(id);
  else out.writes.push({ ...prev, ...base });
  return 'stillOpen';
}

/** Open and reopened findings in the whole store, of any rule. */
export async function activeFindingCount(store: Store): Promise<number> {
  const { n } = await store.db
    .selectFrom('findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ACTIVE)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Resolves active findings of identities that are gone (a complete source no longer lists them) or no longer stored,
 * with reason 'identity gone', only inside the given platform/tenant pairs and only for rules that ran.
 */
export async function resolveVanished(
  store: Store,
  scopes: ReadonlyArray<{ platform: string; tenant: string }>,
  ruleIds: ReadonlySet<string>,
  now: string,
): Promise<number> {
  if (scopes.length === 0 || ruleIds.size === 0) return 0;
  let resolved = 0;
  for (const s of scopes) {
    const r = await store.db
      .updateTable('findings')
      .set({ status: 'resolved', resolved_at: now, resolved_reason: 'identity gone' })
      .where('platform', '=', s.platform)
      .where('tenant', '=', s.tenant)
      .where('status', 'in', ACTIVE)
      .where('rule_id', 'in', [...ruleIds])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('identities')
              .select('identities.id')
              .whereRef('identities.id', '=', 'findings.identity_id')
              .where('identities.gone_at', 'is', null),
          ),
        ),
      )
      .executeTakeFirst();
    resolved += Number(r.numUpdatedRows);
  }
  return resolved;
}

export function findingFromRow(r: FindingsTable): Finding {
  return {
    id: r.id,
    ruleId: r.rule_id,
    identityId: r.identity_id,
    platform: r.platform,
    tenant: r.tenant,
    severity: r.severity as Severity,
    title: r.title,
    message: r.message,
    evidence: JSON.parse(r.evidence) as Evidence[],
    status: r.status as FindingStatus,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    resolvedAt: r.resolved_at,
    resolvedReason: r.resolved_reason,
    suppression:
      r.suppressed_reason !== null
        ? { reason: r.suppressed_reason, by: r.suppressed_by ?? '', until: r.suppressed_until }
        : null,
  };
}

export interface FindingFilter {
  platform?: string;
  tenant?: string;
  /** Lowest severity to include. */
  severityMin?: Severity;
  ruleId?: string;
  /** Default: open and reopened. */
  statuses?: FindingStatus[];
  identityId?: string;
  limit?: number;
}

export const severitiesAtOrAbove = (min: Severity): Severity[] =>
  SEVERITIES.filter((s) => severityRank(s) >= severityRank(min));

/**
 * Findings matching the filter in fix-first order (src/analysis/risk/fix-first.ts): most severe first, then the
 * identity's exposure, its risk score, the identity and the rule. Ordered in SQL before the limit, so `--limit N`
 * returns the N to fix first.
 */
export async function listFindings(store: Store, filter: FindingFilter = {}): Promise<Finding[]> {
  let q = store.db
    .selectFrom('findings as f')
    .leftJoin('risk_scores as s', 's.identity_id', 'f.identity_id')
    .selectAll('f');
  if (filter.platform) q = q.where('f.platform', '=', filter.platform);
  if (filter.tenant) q = q.where('f.tenant', '=', filter.tenant);
  if (filter.severityMin) q = q.where('f.severity', 'in', severitiesAtOrAbove(filter.severityMin));
  if (filter.ruleId) q = q.where('f.rule_id', '=', filter.ruleId);
  if (filter.identityId) q = q.where('f.identity_id', '=', filter.identityId);
  q = q.where('f.status', 'in', filter.statuses ?? ACTIVE);
  q = q
    .orderBy(severityRankSql('f.severity'), 'desc')
    .orderBy(sql`coalesce(s.fix_exposure, 0)`, 'desc')
    .orderBy(sql`coalesce(s.score, 0)`, 'desc')
    .orderBy('f.identity_id')
    .orderBy('f.rule_id');
  if (filter.limit) q = q.limit(filter.limit);
  return (await q.execute()).map(findingFromRow);
}

export async function getFinding(store: Store, id: string): Promise<Finding | null> {
  const r = await store.db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? findingFromRow(r) : null;
}

/**
 * Open (open or reopened) findings at or above `severity`, optionally within one platform/tenant.
 * What `steward scan --fail-on <severity>` checks.
 */
export async function countOpenFindingsAtOrAbove(
  store: Store,
  severity: Severity,
  scope: { platform?: string; tenant?: string } = {},
): Promise<number> {
  let q = store.db
    .selectFrom('findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ACTIVE)
    .where('severity', 'in', severitiesAtOrAbove(severity));
  if (scope.platform) q = q.where('platform', '=', scope.platform);
  if (scope.tenant) q = q.where('tenant', '=', scope.tenant);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export interface Suppression {
  reason: string;
  by: string;
  /** ISO timestamp; null = until lifted. */
  until: string | null;
}

/** Suppresses one finding (any status). Errors name what is wrong: unknown id, empty reason, date in the past. */
export async function suppressFinding(store: Store, id: string, s: Suppression, now: string): Promise<Finding> {
  if (!s.reason.trim()) throw new UserError('a suppression needs a reason (--reason TEXT)');
  if (!s.by.trim()) throw new UserError('a suppression needs who decided it (--by WHO)');
  if (s.until !== null && s.until <= now)
    throw new UserError(`--until ${s.until} is not in the future (now is ${now})`);
  const r = await store.db
    .updateTable('findings')
    .set({
      status: 'suppressed',
      suppressed_reason: s.reason,
      suppressed_by: s.by,
      suppressed_until: s.until,
      suppressed_at: now,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0)
    throw new UserError(
      `no finding with id "${id}" (ids look like "<rule-id>|<identity-id>"; see \`steward findings --format json\`)`,
    );
  const finding = (await getFinding(store, id)) as Finding;
  await refreshOpenRanks(store, [finding.identityId]);
  return finding;
}

/**
 * Lifts a suppression: the finding is open again (the next scan resolves it if it no longer holds). Errors name what
 * is wrong: unknown id, empty reason, a finding that is not suppressed. The reason is the caller's to record (the
 * API's audit log, `findings unsuppress` prints it).
 */
export async function unsuppressFinding(store: Store, id: string, reason: string): Promise<Finding> {
  if (!reason.trim()) throw new UserError('lifting a suppression needs a reason (--reason TEXT)');
  const current = await getFinding(store, id);
  if (!current)
    throw new UserError(
      `no finding with id "${id}" (ids look like "<rule-id>|<identity-id>"; see \`steward findings --format json\`)`,
    );
  if (current.status !== 'suppressed')
    throw new UserError(`finding "${id}" is not suppressed (it is ${current.status})`);
  await store.db
    .updateTable('findings')
    .set({ status: 'open', ...NOT_SUPPRESSED, suppressed_at: null })
    .where('id', '=', id)
    .execute();
  await refreshOpenRanks(store, [current.identityId]);
  return (await getFinding(store, id)) as Finding;
}

/**
 * Suppresses every open (or reopened) finding of one rule, optionally within one platform or tenant, with one
 * reason; returns how many. A later scan keeps them suppressed while the suppression lasts, like one at a time.
 */
export async function suppressFindingsOfRule(
  store: Store,
  scope: { ruleId: string; platform?: string; tenant?: string },
  s: Suppression,
  now: string,
): Promise<number> {
  if (!s.reason.trim()) throw new UserError('a suppression needs a reason (--reason TEXT)');
  if (s.until !== null && s.until <= now)
    throw new UserError(`--until ${s.until} is not in the future (now is ${now})`);
  let q = store.db
    .updateTable('findings')
    .set({
      status: 'suppressed',
      suppressed_reason: s.reason,
      suppressed_by: s.by,
      suppressed_until: s.until,
      suppressed_at: now,
    })
    .where('rule_id', '=', scope.ruleId)
    .where('status', 'in', ACTIVE);
  if (scope.platform) q = q.where('platform', '=', scope.platform);
  if (scope.tenant) q = q.where('tenant', '=', scope.tenant);
  const suppressed = await q.returning('identity_id').execute();
  await refreshOpenRanks(
    store,
    suppressed.map((r) => r.identity_id),
  );
  return suppressed.length;
}

/**
 * Recomputes risk_scores.open_rank of these identities from their findings, after a write that changed finding
 * statuses outside the risk step (suppress, unsuppress). Identities without a score row are left to the next analysis.
 */
export async function refreshOpenRanks(store: Store, identityIds: readonly string[]): Promise<void> {
  const unique = [...new Set(identityIds)];
  const worstOpen = sql<number>`coalesce((select max(${severityRankSql('f.severity')}) from findings f
    where f.identity_id = risk_scores.identity_id and f.status in (${sql.join(ACTIVE)})), ${NO_OPEN_FINDING})`;
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY)
    await store.db
      .updateTable('risk_scores')
      .set({ open_rank: worstOpen })
      .where('identity_id', 'in', unique.slice(i, i + IDS_PER_QUERY))
      .execute();
}
