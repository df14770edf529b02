import { type RawBuilder, sql } from 'kysely';
import { candidatesOf, type OwnerCandidate } from '../../analysis/ownership/index.js';
import { type IdentityView, type Store, viewFromRow } from '../../store/index.js';
import {
  CREDENTIAL_COLUMNS,
  credentialFromRow,
  IDENTITY_COLUMNS,
  PERMISSION_COLUMNS,
  permissionFromRow,
} from '../../store/rows.js';
import { boundRead } from './prepared.js';

/**
 * The identity page's reads in few statements (docs/api.md § Performance): the identity with its owner, credentials,
 * permissions, ownership candidates and the runs that first and last saw it in ONE statement (children as JSON
 * arrays), and its edges in another. On PostgreSQL each statement is a round trip and a pooled connection; nine of
 * them per page held the pool while 50 clients waited.
 */

/** The ownership step's reading of one current identity (a gone identity has none, as `owners show` says). */
export interface OwnershipOfRecord {
  ownerEmail: string | null;
  ownerTeam: string | null;
  candidates: OwnerCandidate[];
  suggestion: { email: string | null; team: string | null; reason: string } | null;
}

export interface IdentityRecord {
  view: IdentityView;
  ownership: OwnershipOfRecord | null;
  /** sync_runs of the identity's tenant that started when it was first or last seen: started_at → run id. */
  runAt: Map<string, string>;
}

/** `[{column: value, …}, …]` of a correlated child read, in `order`, as one JSON array value (empty: `[]`). */
function jsonRows(
  store: Store,
  columns: readonly string[],
  from: RawBuilder<unknown>,
  order: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const pairs = sql.join(columns.map((c) => sql`${sql.lit(c)}, x.${sql.ref(c)}`));
  if (store.engine === 'postgres')
    return sql`(select coalesce(json_agg(json_build_object(${pairs}) order by ${order}), '[]'::json) from ${from})`;
  // SQLite keeps the order of the rows json_group_array reads: order them in a sub-select.
  return sql`(select json_group_array(json_object(${pairs})) from (select * from ${from} order by ${order}) x)`;
}

/** PostgreSQL's driver parses json values; SQLite answers the text. */
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

function recordQuery(store: Store, id: string) {
  const credentials = jsonRows(store, CREDENTIAL_COLUMNS, sql`credentials x where x.identity_id = i.id`, sql`x.id`);
  const permissions = jsonRows(
    store,
    PERMISSION_COLUMNS,
    sql`permissions x where x.identity_id = i.id`,
    sql`x.ordinal`,
  );
  const runs = jsonRows(
    store,
    ['id', 'started_at'],
    sql`sync_runs x where x.platform = i.platform and x.tenant = i.tenant and x.started_at in (i.first_seen, i.last_seen)`,
    sql`x.id`,
  );
  return store.db
    .selectFrom('identities as i')
    .leftJoin('ownership as o', 'o.identity_id', 'i.id')
    .leftJoin('people as p', 'p.id', 'o.owner_person_id')
    .select(IDENTITY_COLUMNS.map((c) => `i.${c}` as const))
    .select(['i.first_seen', 'i.last_seen', 'i.gone_at'])
    .select(['o.owner_person_id', 'o.owner_email', 'o.owner_team', 'o.candidates'])
    .select(['o.source as owner_source', 'o.confidence as owner_confidence', 'o.suggestion_reason'])
    .select(['o.suggested_email', 'o.suggested_team'])
    .select(['p.status as owner_status', 'p.login as owner_login', 'p.name as owner_name'])
    .select([credentials.as('credentials_json'), permissions.as('permissions_json'), runs.as('runs_json')])
    .where('i.id', '=', id);
}

type RecordRow = Awaited<ReturnType<ReturnType<typeof recordQuery>['execute']>>[number];
const recordRows = boundRead(recordQuery);

function ownershipOf(r: RecordRow): OwnershipOfRecord | null {
  // The ownership step's reading is of current identities only (getOwnership reads none for a gone one).
  if (r.gone_at !== null) return null;
  return {
    ownerEmail: r.owner_email,
    ownerTeam: r.owner_team,
    candidates: r.candidates ? candidatesOf({ candidates: r.candidates }) : [],
    suggestion:
      r.suggested_email || r.suggested_team
        ? { email: r.suggested_email, team: r.suggested_team, reason: r.suggestion_reason ?? '' }
        : null,
  };
}

function viewOf(r: RecordRow): IdentityView {
  const credentials = parsed<Parameters<typeof credentialFromRow>[0][]>(r.credentials_json).map(credentialFromRow);
  const permissions = parsed<Parameters<typeof permissionFromRow>[0][]>(r.permissions_json).map(permissionFromRow);
  return viewFromRow(r, credentials, permissions);
}

/** One identity (gone ones included) with everything its page shows but findings and edges, or null. */
export async function readIdentityRecord(store: Store, id: string): Promise<IdentityRecord | null> {
  const [r] = await recordRows(store, id);
  if (!r) return null;
  const runs = parsed<Array<{ id: string; started_at: string }>>(r.runs_json);
  return { view: viewOf(r), ownership: ownershipOf(r), runAt: new Map(runs.map((run) => [run.started_at, run.id])) };
}

/** Edges from the identity (by target), then edges to it (by source), with both ends' names. */
function edgesQuery(store: Store, id: string) {
  const side = (column: 'from_id' | 'to_id', direction: number) =>
    store.db
      .selectFrom('edges as e')
      .leftJoin('identities as f', 'f.id', 'e.from_id')
      .leftJoin('identities as t', 't.id', 'e.to_id')
      .select(['e.from_id', 'e.to_id', 'e.kind', 'f.name as from_name', 't.name as to_name'])
      .select(sql<number>`${sql.lit(direction)}`.as('direction'))
      .where(`e.${column}`, '=', id);
  return side('from_id', 0).unionAll(side('to_id', 1)).orderBy('direction').orderBy('from_id').orderBy('to_id');
}
const edgeRows = boundRead(edgesQuery);

/** The identity's edges, in one statement. */
export async function readIdentityEdges(store: Store, id: string) {
  const rows = await edgeRows(store, id);
  return rows.map((e) => ({
    from: e.from_id,
    to: e.to_id,
    kind: e.kind,
    fromName: e.from_name ?? undefined,
    toName: e.to_name ?? undefined,
  }));
}
