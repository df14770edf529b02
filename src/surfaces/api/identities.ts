import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import { OPEN_STATUSES, severityRankSql } from '../../analysis/risk/fix-first.js';
import { severitiesAtOrAbove } from '../../analysis/risk/findings-store.js';
import { IDENTITY_KINDS, SEVERITIES, type Severity, severityRank } from '../../model/index.js';
import { identityNeedleMatches, identityTextNeedle, type Store } from '../../store/index.js';
import { afterKey, type CursorValue, decodeCursor, page, type SortKey } from './cursor.js';
import type { ApiDeps } from './deps.js';
import { type BoundValues, shapedRead } from './prepared.js';
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
/**
 * A page's counts in the page's own statement (correlated reads through findings_identity_open and credentials_identity
 * over the page's rows, `pg`): one statement per page instead of three. An identity's open findings are counted and
 * their worst severity ranked by one subquery, one index seek instead of two ({@link openStateOf}'s number holds both:
 * `count * RANKS + rank + 1`, rank -1 when none is open; ranks run 0..4).
 */
const RANKS = 8;
const openStateOf = sql<number>`(select count(*) * ${sql.lit(RANKS)} + coalesce(max(${severityRankSql('f.severity')}), -1) + 1 from findings f where f.identity_id = pg.id and f.status in (${openIn}))`;
const credentialsOf = sql<number>`(select count(*) from credentials c where c.identity_id = pg.id)`;

const severityOfRank = (rank: number | string | null): Severity | null =>
  rank === null ? null : (SEVERITIES.find((s) => severityRank(s) === Number(rank)) ?? null);

/** Each sort's keys, the identity id last (so the order is total and a cursor names one row). */
const SORTS: Record<IdentityQuery['sort'], SortKey[]> = {
  name: [
    { expr: sql`i.name`, desc: false },
    { expr: sql`i.id`, desc: false },
  ],
  lastUsed: [
    { expr: sql`coalesce(i.last_used_at, '')`, desc: true },
    { expr: sql`i.id`, desc: true },
  ],
  created: [
    { expr: sql`coalesce(i.created_at, '')`, desc: true },
    { expr: sql`i.id`, desc: true },
  ],
  // Any identity, scored or not (one without a score row ranks as one with nothing open and exposure 0).
  fixFirst: [
    { expr: sql`coalesce(s.open_rank, -1)`, desc: true },
    { expr: sql`coalesce(s.fix_exposure, 0)`, desc: true },
    { expr: sql`coalesce(s.score, 0)`, desc: true },
    { expr: sql`i.id`, desc: false },
  ],
};

/**
 * The fix-first keys when every listed identity has a score row: the same order, read off the risk_scores_open_rank
 * index (migration 016) instead of sorting every match.
 */
const RANKED: SortKey[] = [
  { expr: sql`s.open_rank`, desc: true },
  { expr: sql`s.fix_exposure`, desc: true },
  { expr: sql`s.score`, desc: true },
  { expr: sql`s.identity_id`, desc: false },
];

const sortKeys = (shape: Pick<ListShape, 'sort' | 'ranked'>): SortKey[] => (shape.ranked ? RANKED : SORTS[shape.sort]);

/**
 * A list request's values, each bound where its filter reads it ({@link listRead} compiles one statement per shape):
 * the filters' values as the statement compares them (LIKE patterns made here) and the cursor's keys `c0`, `c1`, ….
 */
function listValues(f: IdentityQuery, after: CursorValue[] | null): BoundValues {
  const values: BoundValues = {};
  if (f.platform) values.platform = f.platform;
  if (f.tenant) values.tenant = f.tenant;
  if (f.kind) values.kind = f.kind;
  if (f.nativeType) values.nativeType = f.nativeType;
  if (f.owner && f.owner !== 'none') values.ownerLike = `%${f.owner.toLowerCase()}%`;
  if (f.q) values.needle = identityTextNeedle(f.q);
  after?.forEach((v, i) => {
    values[`c${i}`] = v;
  });
  return values;
}

/**
 * What decides a list statement's SQL besides the values (which values are given is part of it too). `ranked`: a
 * fix-first list whose identities all have a score row (see {@link everyCurrentScored}), read in index order.
 */
type ListShape = Pick<IdentityQuery, 'sort' | 'status' | 'severity' | 'limit'> & {
  ownerNone: boolean;
  ranked: boolean;
};

const shapeOf = (f: IdentityQuery, ranked: boolean): ListShape => ({
  sort: f.sort,
  status: f.status,
  severity: f.severity,
  limit: f.limit,
  ownerNone: f.owner === 'none',
  ranked,
});

/**
 * The matching identities, joined only to what the filter or the sort reads: the owner and the counts are read for
 * the page's rows only (a join before the sort and limit would run for every match). `bind(name)` stands for a value
 * of {@link listValues} and `has(name)` says whether the request gives it.
 */
function filtered(store: Store, shape: ListShape, bind: (name: string) => string, has: (name: string) => boolean) {
  let q = store.db
    .selectFrom('identities as i')
    .$if(shape.ranked, (qb) => qb.innerJoin('risk_scores as s', 's.identity_id', 'i.id'))
    .$if(shape.sort === 'fixFirst' && !shape.ranked, (qb) => qb.leftJoin('risk_scores as s', 's.identity_id', 'i.id'));
  if (shape.status === 'current') q = q.where('i.gone_at', 'is', null);
  if (shape.status === 'gone') q = q.where('i.gone_at', 'is not', null);
  if (has('platform')) q = q.where('i.platform', '=', bind('platform'));
  if (has('tenant')) q = q.where('i.tenant', '=', bind('tenant'));
  if (has('kind')) q = q.where('i.kind', '=', bind('kind'));
  if (has('nativeType')) q = q.where('i.native_type', '=', bind('nativeType'));
  if (shape.ownerNone)
    q = q.where(
      sql<boolean>`not exists (select 1 from ownership o where o.identity_id = i.id and (o.owner_email is not null or o.owner_team is not null or o.owner_person_id is not null))`,
    );
  else if (has('ownerLike')) {
    const like = bind('ownerLike');
    q = q.where(
      sql<boolean>`exists (select 1 from ownership o where o.identity_id = i.id and (lower(o.owner_email) like ${like} or lower(o.owner_team) like ${like}))`,
    );
  }
  if (has('needle')) q = q.where(identityNeedleMatches('i', bind('needle')));
  if (shape.severity)
    q = q.where(
      sql<boolean>`exists (select 1 from findings f where f.identity_id = i.id and f.status in (${openIn}) and f.severity in (${sql.join(severitiesAtOrAbove(shape.severity))}))`,
    );
  return q;
}

const hasFilter = (f: IdentityQuery) =>
  Boolean(f.platform || f.tenant || f.kind || f.nativeType || f.owner || f.q || f.severity) || f.status !== 'current';

const TOTAL_TTL_MS = 30_000;

/**
 * Whether every current identity has a score row (so an inner join to risk_scores drops none): true after every
 * analysis of the whole store; false between a sync that added identities and its analysis. Kept like the total.
 */
async function everyCurrentScored(deps: ApiDeps): Promise<boolean> {
  return deps.cache.get('identities-scored', TOTAL_TTL_MS, async () => {
    const unscored = await deps.store.db
      .selectFrom('identities as i')
      .select('i.id')
      .where('i.gone_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('risk_scores as s').select('s.identity_id').whereRef('s.identity_id', '=', 'i.id'))),
      )
      .limit(1)
      .executeTakeFirst();
    return unscored === undefined;
  });
}

/** A fix-first list of current identities reads the stored order when it can (see {@link RANKED}). */
const rankedList = async (deps: ApiDeps, f: IdentityQuery): Promise<boolean> =>
  f.sort === 'fixFirst' && f.status === 'current' && (await everyCurrentScored(deps));

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

/**
 * Where a list statement's cells are (it selects them in this order): the page's columns, the owner's, the counts,
 * then the sort keys `k0`, `k1`, … (how many depends on the sort).
 */
const ROW = {
  id: 0,
  name: 1,
  platform: 2,
  tenant: 3,
  kind: 4,
  nativeType: 5,
  lastUsedAt: 6,
  createdAt: 7,
  goneAt: 8,
  ownerEmail: 9,
  ownerTeam: 10,
  ownerStatus: 11,
  ownerSource: 12,
  ownerConfidence: 13,
  ownerName: 14,
  ownerLogin: 15,
  openState: 16,
  credentials: 17,
  keys: 18,
} as const;

/** One page of a list shape, `bind` standing for the values (see {@link listValues}). */
function listStatement(store: Store, shape: ListShape, bind: (name: string) => string, has: (name: string) => boolean) {
  const keys = sortKeys(shape);
  let q = filtered(store, shape, bind, has)
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
  if (has('c0'))
    q = q.where(
      afterKey(
        keys,
        keys.map((_, i) => bind(`c${i}`)),
      ),
    );
  for (const k of keys) q = q.orderBy(k.expr, k.desc ? 'desc' : 'asc');
  // The owner and the counts are read for the page's rows only: in the same query as the filter, PostgreSQL reads
  // them for every matching row before its sort and limit.
  // The limit is written into the statement (a validated integer): PostgreSQL's generic plan for a prepared statement
  // (prepared.ts) takes an unknown LIMIT for a tenth of the table and hash-joins a million ownership rows.
  let outer = store.db
    .selectFrom(q.limit(sql.lit(shape.limit + 1)).as('pg'))
    .leftJoin('ownership as o', 'o.identity_id', 'pg.id')
    .leftJoin('people as p', 'p.id', 'o.owner_person_id')
    .select([
      'pg.id',
      'pg.name',
      'pg.platform',
      'pg.tenant',
      'pg.kind',
      'pg.native_type',
      'pg.last_used_at',
      'pg.created_at',
      'pg.gone_at',
      'o.owner_email',
      'o.owner_team',
      'o.owner_status',
      'o.source as owner_source',
      'o.confidence as owner_confidence',
      'p.name as owner_name',
      'p.login as owner_login',
    ])
    .select([openStateOf.as('open_state'), credentialsOf.as('credential_count')])
    .select(keys.map((_, i) => sql.ref(`pg.k${i}`).as(`k${i}`)));
  keys.forEach((k, i) => {
    outer = outer.orderBy(sql.ref(`pg.k${i}`), k.desc ? 'desc' : 'asc');
  });
  return outer;
}

/**
 * The list's statement, compiled once per shape, its rows as arrays ({@link ROW}): on SQLite through its own driver,
 * without Kysely's per-query work and an object per row (docs/api.md § Performance).
 */
const listRead = shapedRead((shape: ListShape) => JSON.stringify(shape), listStatement);

/** One keyset page of identities with their owner, open findings and credential counts. */
export async function listIdentities(deps: ApiDeps, f: IdentityQuery) {
  const shape = shapeOf(f, await rankedList(deps, f));
  const keyCount = sortKeys(shape).length;
  const values = listValues(f, decodeCursor(f.cursor, keyCount));
  // A text search is not a prepared statement on PostgreSQL (prepared.ts: its needle decides the plan).
  const rows = await listRead(deps.store, shape, values, { prepare: !f.q });
  const result = page(rows, f.limit, (r) => r.slice(ROW.keys, ROW.keys + keyCount) as CursorValue[]);
  const items: IdentityItem[] = result.items.map(itemOf);
  const total = f.cursor ? undefined : await cachedTotal(deps, f);
  return { items, nextCursor: result.nextCursor, ...(total === undefined ? {} : { total }) };
}

/** A list row's item; the cells are typed by the columns the statement selects at {@link ROW}'s positions. */
function itemOf(r: unknown[]): IdentityItem {
  const cell = <T>(at: number) => r[at] as T;
  const open = Number(r[ROW.openState]);
  const rank = (open % RANKS) - 1;
  return {
    id: cell(ROW.id),
    name: cell(ROW.name),
    platform: cell(ROW.platform),
    tenant: cell(ROW.tenant),
    kind: cell(ROW.kind),
    nativeType: cell(ROW.nativeType),
    owner: ownerOf({
      owner_email: cell(ROW.ownerEmail),
      owner_team: cell(ROW.ownerTeam),
      owner_status: cell(ROW.ownerStatus),
      owner_source: cell(ROW.ownerSource),
      owner_confidence: cell(ROW.ownerConfidence),
      owner_name: cell(ROW.ownerName),
      owner_login: cell(ROW.ownerLogin),
    }),
    topSeverity: rank < 0 ? null : severityOfRank(rank),
    openFindings: Math.floor(open / RANKS),
    lastUsedAt: cell(ROW.lastUsedAt),
    createdAt: cell(ROW.createdAt),
    credentials: Number(r[ROW.credentials]),
    goneAt: cell(ROW.goneAt),
  };
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
