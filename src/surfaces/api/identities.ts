import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import { OPEN_STATUSES, severityRankSql } from '../../analysis/risk/fix-first.js';
import { severitiesAtOrAbove } from '../../analysis/risk/findings-store.js';
import { IDENTITY_KINDS, SEVERITIES, type Severity, severityRank } from '../../model/index.js';
import { identityTextMatches, type Store } from '../../store/index.js';
import { afterKey, type CursorValue, decodeCursor, page, type SortKey } from './cursor.js';
import type { ApiDeps } from './deps.js';
import { readRows } from './prepared.js';
import { Cursor, Limit } from './route.js';
import type { IdentityItem, Owner } from './schemas.js';

export const IdentityQuery = z.object({
  platform: z.string().optional(),
  tenant: z.string().optional(),
  kind: z.enum(IDENTITY_KINDS).optional(),
  nativeType: z.string().optional(),
  owner: z.string().min(1).optional(),
  q: z.string().min(1).max(200).optional(),
  severity: z.enum(SEVERITIES).optional(),
  status: z.enum(['current', 'gone', 'all']).default('current'),
  sort: z.enum(['fixFirst', 'name', 'lastUsed', 'created']).default('name'),
  limit: Limit,
  cursor: Cursor,
});
export type IdentityQuery = z.infer<typeof IdentityQuery>;

const openIn = sql.join(OPEN_STATUSES.map((s) => sql.lit(s)));
const openRank = sql<number>`coalesce((select max(${severityRankSql('f.severity')}) from findings f where f.identity_id = i.id and f.status in (${openIn})), -1)`;
/**
 * A page's counts in the page's own statement (correlated reads through findings_identity_open and credentials_identity
 * over the page's rows, `pg`): one statement per page instead of three.
 */
const openRankOf = sql<number>`(select max(${severityRankSql('f.severity')}) from findings f where f.identity_id = pg.id and f.status in (${openIn}))`;
const openFindingsOf = sql<number>`(select count(*) from findings f where f.identity_id = pg.id and f.status in (${openIn}))`;
const credentialsOf = sql<number>`(select count(*) from credentials c where c.identity_id = pg.id)`;

const severityOfRank = (rank: number | string | null): Severity | null =>
  rank === null ? null : (SEVERITIES.find((s) => severityRank(s) === Number(rank)) ?? null);

/** Each sort's keys, the identity id last (so the order is total and a cursor names one row). */
const SORTS: Record<IdentityQuery['sort'], SortKey[]> = {
  name: [{ expr: sql`i.name`, desc: false }],
  lastUsed: [{ expr: sql`coalesce(i.last_used_at, '')`, desc: true }],
  created: [{ expr: sql`coalesce(i.created_at, '')`, desc: true }],
  fixFirst: [
    { expr: openRank, desc: true },
    { expr: sql`coalesce(s.fix_exposure, 0)`, desc: true },
    { expr: sql`coalesce(s.score, 0)`, desc: true },
  ],
};

const sortKeys = (sort: IdentityQuery['sort']): SortKey[] => [
  ...SORTS[sort],
  { expr: sql`i.id`, desc: sort !== 'name' && sort !== 'fixFirst' },
];

/**
 * The matching identities, joined only to what the filter or the sort reads: the owner and the counts are read for
 * the page's rows only (a join before the sort and limit would run for every match).
 */
function filtered(store: Store, f: IdentityQuery) {
  let q = store.db
    .selectFrom('identities as i')
    .$if(f.sort === 'fixFirst', (qb) => qb.leftJoin('risk_scores as s', 's.identity_id', 'i.id'));
  if (f.status === 'current') q = q.where('i.gone_at', 'is', null);
  if (f.status === 'gone') q = q.where('i.gone_at', 'is not', null);
  if (f.platform) q = q.where('i.platform', '=', f.platform);
  if (f.tenant) q = q.where('i.tenant', '=', f.tenant);
  if (f.kind) q = q.where('i.kind', '=', f.kind);
  if (f.nativeType) q = q.where('i.native_type', '=', f.nativeType);
  if (f.owner === 'none')
    q = q.where(
      sql<boolean>`not exists (select 1 from ownership o where o.identity_id = i.id and (o.owner_email is not null or o.owner_team is not null or o.owner_person_id is not null))`,
    );
  else if (f.owner) {
    const like = `%${f.owner.toLowerCase()}%`;
    q = q.where(
      sql<boolean>`exists (select 1 from ownership o where o.identity_id = i.id and (lower(o.owner_email) like ${like} or lower(o.owner_team) like ${like}))`,
    );
  }
  if (f.q) q = q.where(identityTextMatches('i', f.q));
  if (f.severity)
    q = q.where(
      sql<boolean>`exists (select 1 from findings f where f.identity_id = i.id and f.status in (${openIn}) and f.severity in (${sql.join(severitiesAtOrAbove(f.severity))}))`,
    );
  return q;
}

const hasFilter = (f: IdentityQuery) =>
  Boolean(f.platform || f.tenant || f.kind || f.nativeType || f.owner || f.q || f.severity) || f.status !== 'current';

const TOTAL_TTL_MS = 30_000;

/** The unfiltered count, kept for TOTAL_TTL_MS (and dropped on writes): never a full count per page. */
async function cachedTotal(deps: ApiDeps, f: IdentityQuery): Promise<number | undefined> {
  if (hasFilter(f)) return undefined;
  return deps.cache.get('identities', TOTAL_TTL_MS, async () => {
    const r = await deps.store.db
      .selectFrom('identities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('gone_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  });
}

/** One keyset page of identities with their owner, open findings and credential counts. */
export async function listIdentities(deps: ApiDeps, f: IdentityQuery) {
  const keys = sortKeys(f.sort);
  const after = decodeCursor(f.cursor, keys.length);
  let q = filtered(deps.store, f)
    .select([
      'i.id',
      'i.name',
      'i.platform',
      'i.tenant',
      'i.kind',
      'i.native_type',
      'i.last_used_at',
      'i.created_at',
      'i.gone_at',
    ])
    .select(keys.map((k, i) => (k.expr as RawBuilder<unknown>).as(`k${i}`)));
  if (after) q = q.where(afterKey(keys, after));
  for (const k of keys) q = q.orderBy(k.expr, k.desc ? 'desc' : 'asc');
  // The owner and the counts are read for the page's rows only: in the same query as the filter, PostgreSQL reads
  // them for every matching row before its sort and limit.
  // The limit is written into the statement (a validated integer): PostgreSQL's generic plan for a prepared statement
  // (prepared.ts) takes an unknown LIMIT for a tenth of the table and hash-joins a million ownership rows.
  let outer = deps.store.db
    .selectFrom(q.limit(sql.lit(f.limit + 1)).as('pg'))
    .leftJoin('ownership as o', 'o.identity_id', 'pg.id')
    .leftJoin('people as p', 'p.id', 'o.owner_person_id')
    .selectAll('pg')
    .select([
      'o.owner_email',
      'o.owner_team',
      'o.owner_status',
      'o.source as owner_source',
      'o.confidence as owner_confidence',
      'p.name as owner_name',
      'p.login as owner_login',
    ])
    .select([openFindingsOf.as('open_findings'), openRankOf.as('top_rank'), credentialsOf.as('credential_count')]);
  keys.forEach((k, i) => {
    outer = outer.orderBy(sql.ref(`pg.k${i}`), k.desc ? 'desc' : 'asc');
  });
  const rows = await readRows(deps.store, outer, { prepare: !f.q });
  const result = page(rows, f.limit, (r) => keys.map((_, i) => (r as unknown as Record<string, CursorValue>)[`k${i}`]));
  const items: IdentityItem[] = result.items.map((r) => ({
    id: r.id,
    name: r.name,
    platform: r.platform,
    tenant: r.tenant,
    kind: r.kind,
    nativeType: r.native_type,
    owner: ownerOf(r),
    topSeverity: severityOfRank(r.top_rank),
    openFindings: Number(r.open_findings),
    lastUsedAt: r.last_used_at,
    createdAt: r.created_at,
    credentials: Number(r.credential_count),
    goneAt: r.gone_at,
  }));
  const total = f.cursor ? undefined : await cachedTotal(deps, f);
  return { items, nextCursor: result.nextCursor, ...(total === undefined ? {} : { total }) };
}

interface OwnerColumns {
  owner_email: string | null;
  owner_team: string | null;
  owner_status: string | null;
  owner_source: string | null;
  owner_confidence: number | null;
  owner_name: string | null;
  owner_login: string | null;
}

export function ownerOf(r: OwnerColumns): Owner | null {
  if (r.owner_email === null && r.owner_team === null && r.owner_source === null) return null;
  return {
    email: r.owner_email,
    name: r.owner_name,
    login: r.owner_login,
    team: r.owner_team,
    status: r.owner_status,
    source: r.owner_source,
    confidence: r.owner_confidence === null ? null : Number(r.owner_confidence),
  };
}
