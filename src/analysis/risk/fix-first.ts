import { type Expression, sql } from 'kysely';
import { SEVERITIES, type Severity, severityRank } from '../../model/index.js';
import type { IdentityView, Store } from '../../store/index.js';
import { daysSince } from './helpers.js';
import type { RuleContext } from './types.js';

/**
 * The one "fix first" order of Steward (docs/rules.md § Fix first). Every surface that ranks — the report's top
 * risky identities, `steward findings`, the API — ranks by it:
 *
 *   1. open severity: the most severe open (or reopened) finding, critical > high > medium > low > info;
 *   2. exposure = reach × privilege × credential age × usage (each factor below, 1-256 in all);
 *   3. the risk score (0-100), then the identity id, so the order is total and stable across runs.
 *
 * Exposure is computed by the risk step from the stored inventory and kept in `risk_scores.fix_exposure`, so the
 * ordering runs in SQL (SQLite and PostgreSQL) with a LIMIT: nothing loads the estate to rank it.
 */
export interface ExposureFactors {
  /** 1: at most one resource; 2: 2-10 resources; 3: more than 10; 4: a tenant-wide grant. */
  reach: number;
  /** 1: no permission known; 2: read; 3: write; 4: admin or a path to admin. */
  privilege: number;
  /** 1: no live static credential; 2: within a quarter of the rotation period; 3: within it, or age unknown; 4: older. */
  credentialAge: number;
  /** 1: never used (its platform records use); 2: not used recently, or use not recorded; 3: used recently. */
  usage: number;
}

/** Credentials that are not a secret anyone holds (a federated trust has no age to rotate). */
const KEYLESS = new Set(['federated']);

/** The four factors of one identity. `edges` is how many edges leave it (trusts, memberships): part of its reach. */
export function exposureFactors(v: IdentityView, ctx: RuleContext, edges = 0): ExposureFactors {
  return {
    reach: reachOf(v, edges),
    privilege: privilegeOf(v),
    credentialAge: credentialAgeOf(v, ctx),
    usage: usageOf(v, ctx),
  };
}

/** reach × privilege × credential age × usage; a disabled identity keeps a quarter (it can be re-enabled). */
export function exposureOf(f: ExposureFactors, enabled = true): number {
  const product = f.reach * f.privilege * f.credentialAge * f.usage;
  return enabled ? product : Math.ceil(product / 4);
}

function reachOf(v: IdentityView, edges: number): number {
  if (v.permissions.some((p) => p.attributes.tenantWide === true)) return 4;
  const resources = new Set(v.permissions.map((p) => p.resource)).size + edges;
  return resources > 10 ? 3 : resources > 1 ? 2 : 1;
}

function privilegeOf(v: IdentityView): number {
  let tier = 1;
  for (const p of v.permissions) {
    const t = p.access === 'admin' || p.pathToAdmin ? 4 : p.access === 'write' ? 3 : 2;
    tier = Math.max(tier, t);
  }
  return tier;
}

function credentialAgeOf(v: IdentityView, ctx: RuleContext): number {
  const live = v.credentials.filter((c) => c.enabled && !KEYLESS.has(c.type));
  if (live.length === 0) return 1;
  const ages = live.map((c) => daysSince(c.createdAt, ctx));
  if (ages.some((a) => a === null)) return Math.max(3, ageTier(ages, ctx));
  return ageTier(ages, ctx);
}

function ageTier(ages: Array<number | null>, ctx: RuleContext): number {
  const oldest = Math.max(0, ...ages.filter((a): a is number => a !== null));
  const { rotationDays } = ctx.thresholds;
  return oldest > rotationDays ? 4 : oldest > rotationDays / 4 ? 3 : 2;
}

function usageOf(v: IdentityView, ctx: RuleContext): number {
  const unused = daysSince(v.lastUsedAt, ctx);
  if (unused !== null) return unused <= ctx.thresholds.staleDays ? 3 : 2;
  // No last use although the platform records use: never used.
  return v.lastUsedSource ? 1 : 2;
}

/** The severities that rank, most severe first. */
export const FIX_FIRST_SEVERITIES: readonly Severity[] = [...SEVERITIES].reverse();

/** `CASE <column> WHEN 'critical' THEN 4 ... END`: a severity's rank in SQL (0 = info; NULL = no open finding). */
export function severityRankSql(column: Expression<string | null> | string) {
  const ref = typeof column === 'string' ? sql.ref(column) : column;
  const whens = sql.join(
    SEVERITIES.map((s) => sql`when ${sql.lit(s)} then ${sql.lit(severityRank(s))}`),
    sql` `,
  );
  return sql<number>`case ${ref} ${whens} end`;
}

/** Open findings: what ranks an identity (a suppressed or resolved finding does not). */
export const OPEN_STATUSES = ['open', 'reopened'] as const;

export interface FixFirstIdentity {
  id: string;
  name: string;
  platform: string;
  tenant: string;
  /** The most severe open finding; null when it has none. */
  openSeverity: Severity | null;
  openFindings: number;
  exposure: number;
  factors: ExposureFactors | null;
  score: number;
  explanation: string;
  /** The chosen owner (e-mail, else team:NAME), null when none. */
  owner: string | null;
}

/**
 * The first `limit` identities in fix-first order. Rather than ranking every identity by its worst open finding (a
 * correlated read per identity: seconds at a million), it walks the severities from critical down: the identities
 * whose worst open finding is critical come from the open critical findings (index on status, severity), ordered by
 * exposure and score; then high; and so on, and last the identities with no open finding, until `limit` are found.
 */
export async function fixFirstIdentities(
  store: Store,
  options: { limit: number; platform?: string; tenant?: string },
): Promise<FixFirstIdentity[]> {
  const found: Array<FixFirstRow & { rank: number | null }> = [];
  for (let rank = SEVERITIES.length - 1; rank >= -1 && found.length < options.limit; rank--) {
    const rows = await fixFirstTier(store, options, rank === -1 ? null : rank, options.limit - found.length);
    found.push(...rows.map((r) => ({ ...r, rank: rank === -1 ? null : rank })));
  }
  const counts = await openFindingCounts(
    store,
    found.map((r) => r.identity_id),
  );
  return found.map((r) => ({
    id: r.identity_id,
    name: r.name,
    platform: r.platform,
    tenant: r.tenant,
    openSeverity: r.rank === null ? null : SEVERITIES[r.rank],
    openFindings: counts.get(r.identity_id) ?? 0,
    exposure: Number(r.fix_exposure),
    factors: parseFactors(r.fix_factors),
    score: Number(r.score),
    explanation: r.explanation,
    owner: r.owner_email ?? (r.owner_team ? `team:${r.owner_team}` : null),
  }));
}

const openIn = () => sql.join(OPEN_STATUSES.map((x) => sql.lit(x)));

type FixFirstRow = Awaited<ReturnType<typeof fixFirstTier>>[number];

/** The identities whose most severe open finding has this rank (null: no open finding), in exposure order. */
function fixFirstTier(
  store: Store,
  options: { platform?: string; tenant?: string },
  rank: number | null,
  limit: number,
) {
  const above = SEVERITIES.filter((s) => rank === null || severityRank(s) > rank).map((s) => sql.lit(s));
  let q = store.db
    .selectFrom('risk_scores as s')
    .innerJoin('identities as i', 'i.id', 's.identity_id')
    .leftJoin('ownership as o', 'o.identity_id', 's.identity_id')
    .where('i.gone_at', 'is', null)
    .select(['s.identity_id', 'i.name', 's.platform', 's.tenant', 's.score', 's.explanation'])
    .select(['s.fix_exposure', 's.fix_factors', 'o.owner_email', 'o.owner_team']);
  if (above.length > 0)
    q = q.where(
      sql<boolean>`not exists (select 1 from findings f where f.identity_id = s.identity_id and f.status in (${openIn()}) and f.severity in (${sql.join(above)}))`,
    );
  if (rank !== null)
    q = q.where(
      sql<boolean>`s.identity_id in (select f.identity_id from findings f where f.status in (${openIn()}) and f.severity = ${sql.lit(SEVERITIES[rank])})`,
    );
  if (options.platform) q = q.where('s.platform', '=', options.platform);
  if (options.tenant) q = q.where('s.tenant', '=', options.tenant);
  return q.orderBy('s.fix_exposure', 'desc').orderBy('s.score', 'desc').orderBy('s.identity_id').limit(limit).execute();
}

async function openFindingCounts(store: Store, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db
    .selectFrom('findings')
    .select(['identity_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('identity_id', 'in', ids)
    .where('status', 'in', [...OPEN_STATUSES])
    .groupBy('identity_id')
    .execute();
  return new Map(rows.map((r) => [r.identity_id, Number(r.n)]));
}

function parseFactors(json: string): ExposureFactors | null {
  try {
    const f = JSON.parse(json) as Partial<ExposureFactors>;
    return typeof f.reach === 'number' ? (f as ExposureFactors) : null;
  } catch {
    return null;
  }
}

/** "reach 3 × privilege 4 × credential age 4 × usage 3 = 144". */
export const exposureText = (f: ExposureFactors | null, exposure: number): string =>
  f
    ? `reach ${f.reach} × privilege ${f.privilege} × credential age ${f.credentialAge} × usage ${f.usage} = ${exposure}`
    : 'not computed yet (run a scan)';

/** What a findings table shows beside each finding: the identity's name and its owner (e-mail, else team:NAME). */
export interface IdentityLabel {
  name: string;
  owner: string | null;
}

const IDS_PER_QUERY = 1000;

/** Names and owners of the given identities, read in chunks (only for the rows a listing shows). */
export async function identityLabels(store: Store, ids: readonly string[]): Promise<Map<string, IdentityLabel>> {
  const labels = new Map<string, IdentityLabel>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const rows = await store.db
      .selectFrom('identities as i')
      .leftJoin('ownership as o', 'o.identity_id', 'i.id')
      .select(['i.id', 'i.name', 'o.owner_email', 'o.owner_team'])
      .where('i.id', 'in', unique.slice(i, i + IDS_PER_QUERY))
      .execute();
    for (const r of rows)
      labels.set(r.id, { name: r.name, owner: r.owner_email ?? (r.owner_team ? `team:${r.owner_team}` : null) });
  }
  return labels;
}

/** Open findings per severity, most severe first (zeros included), optionally within one platform or tenant. */
export async function openFindingsBySeverity(
  store: Store,
  scope: { platform?: string; tenant?: string } = {},
): Promise<Array<{ severity: Severity; count: number }>> {
  let q = store.db
    .selectFrom('findings')
    .select(['severity', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', OPEN_STATUSES);
  if (scope.platform) q = q.where('platform', '=', scope.platform);
  if (scope.tenant) q = q.where('tenant', '=', scope.tenant);
  const counts = new Map((await q.groupBy('severity').execute()).map((r) => [r.severity, Number(r.n)]));
  return FIX_FIRST_SEVERITIES.map((severity) => ({ severity, count: counts.get(severity) ?? 0 }));
}
