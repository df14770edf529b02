import type BetterSqlite3 from 'better-sqlite3';
import type { Credential, Identity, Permission, Person } from '../model/index.js';
import type { Store } from './open.js';
import { identityTextMatches } from './identity-search.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { collectBatches, keysetPages } from './paging.js';
import {
  CREDENTIAL_COLUMNS,
  credentialFromRow,
  IDENTITY_COLUMNS,
  identityFromRow,
  parseJson,
  PERMISSION_COLUMNS,
  permissionFromRow,
  personFromRow,
} from './rows.js';

export interface OwnerSummary {
  personId: string | null;
  email: string | null;
  team: string | null;
  source: string | null;
  confidence: number | null;
  /** Status of the owning person if known (active / departed / disabled). */
  status: string | null;
  /** The owning person's login, for a person without an e-mail address. */
  login?: string | null;
  /** The owning person's display name, when the people directory knows it. */
  name?: string | null;
}

/** An identity with everything analysis needs: credentials, permissions, chosen owner, first/last seen. */
export interface IdentityView extends Identity {
  owner: OwnerSummary | null;
  firstSeen: string;
  lastSeen: string;
  /** When a complete source stopped listing it; null while it exists. Gone identities are read only on request. */
  goneAt: string | null;
}

export interface IdentityFilter {
  platform?: string;
  tenant?: string;
  kind?: string;
  /** Owner email (or team) substring; 'none' means identities without an owner. */
  owner?: string;
  /** Case-insensitive substring of name or id. */
  text?: string;
  ids?: string[];
  /** Also identities a complete scan found gone (default: only current ones). */
  includeGone?: boolean;
  /** Only ids in this range (analysis threads each take one; see `identitySplitPoints`). */
  idRange?: IdRange;
}

/** Ids after `after` (exclusive) up to `upTo` (inclusive), in the database's order; null = open end. */
export interface IdRange {
  after: string | null;
  upTo: string | null;
}

/**
 * Ids that cut the current identities into `parts` ranges of about equal size (parts − 1 ids, ascending), for work
 * split over threads; fewer when there are fewer identities.
 */
export async function identitySplitPoints(store: Store, parts: number): Promise<string[]> {
  const { n } = await store.db
    .selectFrom('identities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('gone_at', 'is', null)
    .executeTakeFirstOrThrow();
  const points: string[] = [];
  for (let k = 1; k < parts; k++) {
    const row = await store.db
      .selectFrom('identities')
      .select('id')
      .where('gone_at', 'is', null)
      .orderBy('id')
      .offset(Math.floor((Number(n) * k) / parts))
      .limit(1)
      .executeTakeFirst();
    if (row && row.id !== points[points.length - 1]) points.push(row.id);
  }
  return points;
}

/** The ranges between split points: (−∞, p1], (p1, p2], …, (pn, ∞). */
export function rangesBetween(points: readonly string[]): IdRange[] {
  return [null, ...points].map((after, i) => ({ after, upTo: points[i] ?? null }));
}

/**
 * Credentials and permissions of one page of identities. `range` (the page's first and last id, in the database's
 * order) reads them with one index range scan instead of an IN list of every id (a statement with thousands of
 * parameters is costly to build and to prepare); children of identities in the range but not in the page (a filter
 * other than platform/tenant) are read and dropped.
 */
async function loadChildren(store: Store, ids: string[], range?: { first: string; last: string }) {
  const creds = new Map<string, Credential[]>();
  const perms = new Map<string, Permission[]>();
  if (ids.length === 0) return { creds, perms };
  let credQuery = store.db.selectFrom('credentials').select(['identity_id', ...CREDENTIAL_COLUMNS]);
  credQuery = range
    ? credQuery.where('identity_id', '>=', range.first).where('identity_id', '<=', range.last)
    : credQuery.where('identity_id', 'in', ids);
  let permQuery = store.db.selectFrom('permissions').select(['identity_id', ...PERMISSION_COLUMNS]);
  permQuery = range
    ? permQuery.where('identity_id', '>=', range.first).where('identity_id', '<=', range.last)
    : permQuery.where('identity_id', 'in', ids);
  // Both at once: on PostgreSQL they run on two pooled connections (SQLite runs them one after the other anyway).
  const [credRows, permRows] = await Promise.all([
    credQuery.orderBy('id').execute(),
    permQuery.orderBy('identity_id').orderBy('ordinal').execute(),
  ]);
  for (const r of credRows) {
    const list = creds.get(r.identity_id);
    if (list) list.push(credentialFromRow(r));
    else creds.set(r.identity_id, [credentialFromRow(r)]);
  }
  for (const r of permRows) {
    const list = perms.get(r.identity_id);
    if (list) list.push(permissionFromRow(r));
    else perms.set(r.identity_id, [permissionFromRow(r)]);
  }
  return { creds, perms };
}

function baseQuery(store: Store, filter: IdentityFilter) {
  let q = store.db
    .selectFrom('identities as i')
    .leftJoin('ownership as o', 'o.identity_id', 'i.id')
    .leftJoin('people as p', 'p.id', 'o.owner_person_id')
    .select(IDENTITY_COLUMNS.map((c) => `i.${c}` as const))
    .select([
      'i.first_seen',
      'i.last_seen',
      'i.gone_at',
      'o.owner_person_id as owner_person_id',
      'o.owner_email as owner_email',
      'o.owner_team as owner_team',
      'o.source as owner_source',
      'o.confidence as owner_confidence',
      'p.status as owner_status',
      'p.login as owner_login',
      'p.name as owner_name',
    ]);
  if (!filter.includeGone) q = q.where('i.gone_at', 'is', null);
  if (filter.platform) q = q.where('i.platform', '=', filter.platform);
  if (filter.tenant) q = q.where('i.tenant', '=', filter.tenant);
  if (filter.kind) q = q.where('i.kind', '=', filter.kind);
  if (filter.ids) q = q.where('i.id', 'in', filter.ids.length ? filter.ids : ['\u0000']);
  if (filter.idRange?.after != null) q = q.where('i.id', '>', filter.idRange.after);
  if (filter.idRange?.upTo != null) q = q.where('i.id', '<=', filter.idRange.upTo);
  // Same notion of "owned" as `owners stats`: an e-mail, a team, or a person (who may have only a login).
  if (filter.owner === 'none')
    q = q.where('o.owner_email', 'is', null).where('o.owner_team', 'is', null).where('o.owner_person_id', 'is', null);
  else if (filter.owner) {
    const like = `%${filter.owner.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['o.owner_email']), 'like', like), eb(eb.fn('lower', ['o.owner_team']), 'like', like)]),
    );
  }
  if (filter.text) q = q.where(identityTextMatches('i', filter.text));
  return q;
}

/** The owner, seen and gone columns an identity view is read with (the listing's join, the API's detail record). */
export type ViewColumns = Parameters<typeof identityFromRow>[0] & {
  owner_person_id: string | null;
  owner_email: string | null;
  owner_team: string | null;
  owner_source: string | null;
  owner_confidence: number | null;
  owner_status: string | null;
  owner_login: string | null;
  owner_name: string | null;
  first_seen: string;
  last_seen: string;
  gone_at: string | null;
};

/** An identity view from a row with its owner's columns and its credentials and permissions already read. */
export function viewFromRow(r: ViewColumns, creds: Credential[], perms: Permission[]): IdentityView {
  const hasOwner = r.owner_email != null || r.owner_team != null || r.owner_person_id != null;
  // Extends the identity in place (a spread copies its twenty-odd keys once per identity: a million at 1M).
  return Object.assign(identityFromRow(r, creds, perms), {
    owner: hasOwner
      ? {
          personId: r.owner_person_id,
          email: r.owner_email,
          team: r.owner_team,
          source: r.owner_source,
          confidence: r.owner_confidence,
          status: r.owner_status,
          login: r.owner_login,
          name: r.owner_name,
        }
      : null,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    goneAt: r.gone_at,
  });
}

/** Prepared statements of the native SQLite read path, per connection (prepared once, not once per page). */
const rawStatements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * A raw row's cells, typed by the column list the statement selects (each reader builds its objects from fixed
 * positions); `never` lets a cell be assigned to the field its position holds.
 */
export type RawRow = never[];

/**
 * Runs a read with SQLite's own driver, rows as arrays: no query builder per page and no row object per row (about
 * half of the CPU of reading rows as objects, measured over 100k views). Holds Kysely's connection lock like the
 * bulk write path, so it never reads in the middle of another caller's transaction. Null when the store is not
 * SQLite.
 */
export async function sqliteRawRows(store: Store, text: string, params: readonly unknown[]): Promise<RawRow[] | null> {
  const db = store.engine === 'sqlite' ? store.native?.sqlite : undefined;
  if (!db) return null;
  let cache = rawStatements.get(db);
  if (!cache) {
    cache = new Map();
    rawStatements.set(db, cache);
  }
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = db.prepare(text).raw(true);
    cache.set(text, stmt);
  }
  const prepared = stmt;
  let rows: RawRow[] = [];
  await store.db.connection().execute(async () => {
    rows = prepared.all(...params) as RawRow[];
  });
  return rows;
}

/** What a native view page selects, in this order (viewColumnsOf reads the same positions). */
const NATIVE_VIEW_SELECT = [
  ...IDENTITY_COLUMNS.map((c) => `i.${c}`),
  'i.first_seen',
  'i.last_seen',
  'i.gone_at',
  'o.owner_person_id',
  'o.owner_email',
  'o.owner_team',
  'o.source',
  'o.confidence',
  'p.status',
  'p.login',
  'p.name',
].join(', ');

function viewColumnsOf(a: RawRow): ViewColumns {
  return {
    id: a[0],
    platform: a[1],
    tenant: a[2],
    kind: a[3],
    native_type: a[4],
    native_id: a[5],
    name: a[6],
    created_at: a[7],
    created_by: a[8],
    last_used_at: a[9],
    last_used_source: a[10],
    enabled: a[11],
    publisher_name: a[12],
    publisher_verified: a[13],
    publisher_domain: a[14],
    third_party: a[15],
    interactive: a[16],
    environment: a[17],
    attributes: a[18],
    owner_claims: a[19],
    stale: a[20],
    first_seen: a[21],
    last_seen: a[22],
    gone_at: a[23],
    owner_person_id: a[24],
    owner_email: a[25],
    owner_team: a[26],
    owner_source: a[27],
    owner_confidence: a[28],
    owner_status: a[29],
    owner_login: a[30],
    owner_name: a[31],
  };
}

/** Credentials of an id range: identity_id, then CREDENTIAL_COLUMNS in order. */
const NATIVE_CREDENTIALS = `SELECT identity_id, ${CREDENTIAL_COLUMNS.join(', ')} FROM credentials
  WHERE identity_id >= ? AND identity_id <= ? ORDER BY id`;
const credentialOf = (a: RawRow): Credential =>
  credentialFromRow({
    id: a[1],
    type: a[2],
    name: a[3],
    created_at: a[4],
    expires_at: a[5],
    last_used_at: a[6],
    last_used_source: a[7],
    fingerprint: a[8],
    enabled: a[9],
    attributes: a[10],
  });

/** Permissions of an id range: identity_id, then PERMISSION_COLUMNS in order. */
const NATIVE_PERMISSIONS = `SELECT identity_id, ${PERMISSION_COLUMNS.join(', ')} FROM permissions
  WHERE identity_id >= ? AND identity_id <= ? ORDER BY identity_id, ordinal`;
const permissionOf = (a: RawRow): Permission =>
  permissionFromRow({
    native_name: a[1],
    resource: a[2],
    access: a[3],
    sensitivity: a[4],
    path_to_admin: a[5],
    source: a[6],
    last_used_at: a[7],
    attributes: a[8],
  });

/** Rows grouped by their first cell (the identity id), each made into an object. */
function groupByIdentity<T>(rows: readonly RawRow[], make: (a: RawRow) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const a of rows) {
    const list = out.get(a[0]);
    if (list) list.push(make(a));
    else out.set(a[0], [make(a)]);
  }
  return out;
}

/** The native page query of a contiguous filter (platform/tenant/id range), after `after` when there is one. */
function nativeViewPage(filter: IdentityFilter, after: string | null, limit: number): [string, unknown[]] {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (!filter.includeGone) where.push('i.gone_at IS NULL');
  if (filter.platform) add('i.platform = ?', filter.platform);
  if (filter.tenant) add('i.tenant = ?', filter.tenant);
  if (filter.idRange?.after != null) add('i.id > ?', filter.idRange.after);
  if (filter.idRange?.upTo != null) add('i.id <= ?', filter.idRange.upTo);
  if (after !== null) add('i.id > ?', after);
  params.push(limit);
  const text = `SELECT ${NATIVE_VIEW_SELECT} FROM identities i
    LEFT JOIN ownership o ON o.identity_id = i.id LEFT JOIN people p ON p.id = o.owner_person_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.id LIMIT ?`;
  return [text, params];
}

/**
 * Keyset pages of views read natively on SQLite (see sqliteRawRows), for filters whose pages are contiguous id
 * ranges; null elsewhere (PostgreSQL, or filters read through the query builder).
 */
function nativeViewPages(
  store: Store,
  filter: IdentityFilter,
  batchSize: number,
): (() => Promise<IdentityView[] | null>) | null {
  if (store.engine !== 'sqlite' || !store.native?.sqlite) return null;
  let after: string | null = null;
  let done = false;
  return async () => {
    if (done) return null;
    const rows = (await sqliteRawRows(store, ...nativeViewPage(filter, after, batchSize))) ?? [];
    if (rows.length < batchSize) done = true;
    if (rows.length === 0) return null;
    const range = [rows[0][0], rows[rows.length - 1][0]];
    after = range[1];
    const creds = groupByIdentity((await sqliteRawRows(store, NATIVE_CREDENTIALS, range)) ?? [], credentialOf);
    const perms = groupByIdentity((await sqliteRawRows(store, NATIVE_PERMISSIONS, range)) ?? [], permissionOf);
    // Let the event loop turn between pages, as keysetPages does: SQLite answers synchronously.
    await nextTurn();
    return rows.map((a) => {
      const r = viewColumnsOf(a);
      return viewFromRow(r, creds.get(r.id) ?? [], perms.get(r.id) ?? []);
    });
  };
}

/**
 * Streams identity views in id order, `batchSize` at a time (keyset paging), so analysis over a million
 * identities never holds them all in memory.
 */
export async function* iterateIdentityViews(
  store: Store,
  filter: IdentityFilter = {},
  batchSize = 2000,
): AsyncGenerator<IdentityView[]> {
  // Pages of the whole store, or of one platform (and tenant), are contiguous id ranges: read children by range.
  const contiguous = !filter.kind && !filter.owner && !filter.text && !filter.ids;
  const loadViews =
    (contiguous && nativeViewPages(store, filter, batchSize)) || builderViewPages(store, filter, batchSize, contiguous);
  // One page ahead: on PostgreSQL the server reads the next page while the caller works on this one.
  let ahead = loadViews();
  try {
    for (;;) {
      const views = await ahead;
      if (!views) return;
      ahead = loadViews();
      ahead.catch(() => undefined);
      yield views;
    }
  } finally {
    // A caller that stops early (or fails) leaves the read ahead to settle on its own.
    await ahead.catch(() => undefined);
  }
}

/** Keyset pages of views read through the query builder (PostgreSQL, and filters that are not id ranges). */
function builderViewPages(
  store: Store,
  filter: IdentityFilter,
  batchSize: number,
  contiguous: boolean,
): () => Promise<IdentityView[] | null> {
  const pages = keysetPages((after, limit) => {
    let q = baseQuery(store, filter);
    if (after !== null) q = q.where('i.id', '>', after);
    return q.orderBy('i.id').limit(limit).execute();
  }, batchSize);
  const rowPages = pages[Symbol.asyncIterator]();
  return async (): Promise<IdentityView[] | null> => {
    const next = await rowPages.next();
    if (next.done) return null;
    const rows = next.value;
    const range = contiguous ? { first: rows[0].id, last: rows[rows.length - 1].id } : undefined;
    const { creds, perms } = await loadChildren(
      store,
      rows.map((r) => r.id),
      range,
    );
    return rows.map((r) => viewFromRow(r, creds.get(r.id) ?? [], perms.get(r.id) ?? []));
  };
}

export async function listIdentityViews(
  store: Store,
  filter: IdentityFilter = {},
  limit?: number,
): Promise<IdentityView[]> {
  return collectBatches(iterateIdentityViews(store, filter), limit);
}

export async function countIdentities(store: Store, filter: IdentityFilter = {}): Promise<number> {
  const r = await baseQuery(store, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every row of a table the analysis derives: what it compares with the identities it evaluated. */
export async function countRows(store: Store, table: 'ownership' | 'risk_scores'): Promise<number> {
  const r = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listPeople(store: Store, filter: { source?: string; email?: string } = {}): Promise<Person[]> {
  let q = store.db.selectFrom('people').selectAll();
  if (filter.source) q = q.where('source', '=', filter.source);
  if (filter.email) q = q.where('email', '=', filter.email.toLowerCase());
  return (await q.orderBy('id').execute()).map(personFromRow);
}

export async function listEdges(store: Store, filter: { kind?: string; from?: string; to?: string } = {}) {
  let q = store.db.selectFrom('edges').selectAll();
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.from) q = q.where('from_id', '=', filter.from);
  if (filter.to) q = q.where('to_id', '=', filter.to);
  const rows = await q.orderBy('from_id').orderBy('to_id').execute();
  return rows.map((r) => ({
    from: r.from_id,
    to: r.to_id,
    kind: r.kind,
    platform: r.platform,
    tenant: r.tenant,
    attributes: parseJson<Record<string, unknown>>(r.attributes, {}),
  }));
}
