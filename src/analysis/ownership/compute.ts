import type { Insertable } from 'kysely';
import type { OwnerClaim } from '../../model/index.js';
import {
  bulkWrite,
  columnsExcept,
  countRows,
  keysetPages,
  type RawRow,
  sqliteRawRows,
  type Store,
  type TableSpec,
} from '../../store/index.js';
import type { OwnershipTable } from '../../store/schema.js';
import { parseJson } from '../../store/rows.js';
import { attribute } from './attribute.js';
import { isOwned } from './owned.js';
import { loadPeopleIndex, type PeopleIndex, type PeopleSourcePolicy } from './people.js';
import type { AttributionInput, ManualAssignment } from './strategies.js';
import type { OwnershipDecision } from './types.js';

/** Identities read per keyset page. */
const PAGE = 5000;

export interface RecomputeOptions {
  now: string;
  /** Only these identities (assign/unassign); otherwise every identity, and stale ownership rows are removed. */
  ids?: string[];
  /** Which people sources are trusted how far (from the platform registry). */
  peopleSources: PeopleSourcePolicy;
  /** Reuse an index (tests, repeated calls); otherwise loaded from the store. */
  people?: PeopleIndex;
}

export interface RecomputeResult {
  identities: number;
  owned: number;
  orphans: number;
  noOwner: number;
  ownerDeparted: number;
  ownerDisabled: number;
  removed: number;
  /** Decisions written (new or changed); unchanged ones are left as they are. */
  written: number;
}

export async function loadManualAssignments(store: Store, ids?: string[]): Promise<Map<string, ManualAssignment>> {
  const out = new Map<string, ManualAssignment>();
  const load = async (chunk?: string[]) => {
    let q = store.db.selectFrom('owner_assignments').selectAll();
    if (chunk) q = q.where('identity_id', 'in', chunk);
    for (const r of await q.execute()) {
      out.set(r.identity_id, {
        identityId: r.identity_id,
        email: r.owner_email,
        team: r.owner_team,
        assignedBy: r.assigned_by,
        assignedAt: r.assigned_at,
        note: r.note,
      });
    }
  };
  if (!ids) await load();
  else for (let i = 0; i < ids.length; i += 1000) await load(ids.slice(i, i + 1000));
  return out;
}

function decisionRow(d: OwnershipDecision, now: string): Insertable<OwnershipTable> {
  return {
    identity_id: d.identityId,
    owner_person_id: d.ownerPersonId,
    owner_email: d.ownerEmail,
    owner_team: d.ownerTeam,
    source: d.chosen?.source ?? null,
    confidence: d.chosen?.confidence ?? null,
    candidates: JSON.stringify(d.candidates),
    computed_at: now,
    owner_status: d.ownerStatus,
    orphan: d.orphan ? 1 : 0,
    orphan_reason: d.orphanReason,
    suggested_email: d.suggestion?.email ?? null,
    suggested_team: d.suggestion?.team ?? null,
    suggestion_reason: d.suggestion?.reason ?? null,
  };
}

/** The ownership table for the bulk write path (src/store/bulk.ts). */
const OWNERSHIP_COLUMNS = [
  'identity_id',
  'owner_person_id',
  'owner_email',
  'owner_team',
  'source',
  'confidence',
  'candidates',
  'computed_at',
  'owner_status',
  'orphan',
  'orphan_reason',
  'suggested_email',
  'suggested_team',
  'suggestion_reason',
] as const;

const OWNERSHIP: TableSpec = {
  table: 'ownership',
  columns: OWNERSHIP_COLUMNS,
  ints: ['orphan'],
  floats: ['confidence'],
  conflict: { target: ['identity_id'], update: columnsExcept(OWNERSHIP_COLUMNS, ['identity_id']) },
};

async function writeDecisions(store: Store, rows: Insertable<OwnershipTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await bulkWrite(store, [{ kind: 'upsert', spec: OWNERSHIP, rows }], { durable: true });
}

type InputRow = {
  id: string;
  platform: string;
  tenant: string;
  created_by: string | null;
  attributes: string;
  owner_claims: string;
} & Partial<Record<(typeof COMPARED)[number], unknown>>;

/** Columns compared with the stored decision: an unchanged decision is not rewritten (computed_at = last change). */
const COMPARED = [
  'owner_person_id',
  'owner_email',
  'owner_team',
  'source',
  'confidence',
  'candidates',
  'owner_status',
  'orphan',
  'orphan_reason',
  'suggested_email',
  'suggested_team',
  'suggestion_reason',
] as const;

function unchanged(stored: InputRow & { o_id?: string | null }, next: Insertable<OwnershipTable>): boolean {
  if (!stored.o_id) return false;
  for (const c of COMPARED) {
    const a = stored[c] ?? null;
    const b = next[c] ?? null;
    if (
      c === 'confidence' || c === 'orphan'
        ? (a === null ? null : Number(a)) !== (b === null ? null : Number(b))
        : a !== b
    )
      return false;
  }
  return true;
}

function toInput(r: InputRow): AttributionInput {
  return {
    id: r.id,
    platform: r.platform,
    tenant: r.tenant,
    createdBy: r.created_by,
    attributes: parseJson<Record<string, unknown>>(r.attributes, {}),
    ownerClaims: parseJson<OwnerClaim[]>(r.owner_claims, []),
  };
}

function pageQuery(store: Store) {
  return store.db
    .selectFrom('identities as i')
    .leftJoin('ownership as o', 'o.identity_id', 'i.id')
    .where('i.gone_at', 'is', null)
    .select([
      'i.id',
      'i.platform',
      'i.tenant',
      'i.created_by',
      'i.attributes',
      'i.owner_claims',
      'o.identity_id as o_id',
      'o.owner_person_id',
      'o.owner_email',
      'o.owner_team',
      'o.source',
      'o.confidence',
      'o.candidates',
      'o.owner_status',
      'o.orphan',
      'o.orphan_reason',
      'o.suggested_email',
      'o.suggested_team',
      'o.suggestion_reason',
    ]);
}

/** pageQuery's columns for SQLite's native read path, in the order inputRowOf reads them. */
const NATIVE_PAGE_SELECT = `i.id, i.platform, i.tenant, i.created_by, i.attributes, i.owner_claims, o.identity_id,
  ${COMPARED.map((c) => `o.${c}`).join(', ')}`;

function inputRowOf(a: RawRow): InputRow & { o_id: string | null } {
  return {
    id: a[0],
    platform: a[1],
    tenant: a[2],
    created_by: a[3],
    attributes: a[4],
    owner_claims: a[5],
    o_id: a[6],
    owner_person_id: a[7],
    owner_email: a[8],
    owner_team: a[9],
    source: a[10],
    confidence: a[11],
    candidates: a[12],
    owner_status: a[13],
    orphan: a[14],
    orphan_reason: a[15],
    suggested_email: a[16],
    suggested_team: a[17],
    suggestion_reason: a[18],
  };
}

/** One keyset page of current identities with their stored decision: natively on SQLite, else through Kysely. */
async function inputPage(store: Store, after: string | null, limit: number) {
  const where = ['i.gone_at IS NULL'];
  const params: unknown[] = [];
  if (after !== null) {
    where.push('i.id > ?');
    params.push(after);
  }
  const raw = await sqliteRawRows(
    store,
    `SELECT ${NATIVE_PAGE_SELECT} FROM identities i LEFT JOIN ownership o ON o.identity_id = i.id
      WHERE ${where.join(' AND ')} ORDER BY i.id LIMIT ?`,
    [...params, limit],
  );
  if (raw) return raw.map(inputRowOf);
  let q = pageQuery(store);
  if (after !== null) q = q.where('i.id', '>', after);
  return q.orderBy('i.id').limit(limit).execute();
}

/**
 * Resolves owners and writes the `ownership` table. Streams identities in keyset pages (only the columns
 * attribution reads, joined to the stored decision), keeps the people index and manual assignments in memory, and
 * upserts only the decisions that changed, one transaction per page — so it runs over a million identities in
 * bounded memory, and a rescan that changes little writes little.
 */
export async function recomputeOwnership(store: Store, options: RecomputeOptions): Promise<RecomputeResult> {
  const people = options.people ?? (await loadPeopleIndex(store, options.peopleSources));
  const manual = await loadManualAssignments(store, options.ids);
  const result: RecomputeResult = {
    identities: 0,
    owned: 0,
    orphans: 0,
    noOwner: 0,
    ownerDeparted: 0,
    ownerDisabled: 0,
    removed: 0,
    written: 0,
  };
  const decide = (rows: Array<InputRow & { o_id: string | null }>) => {
    const out: Insertable<OwnershipTable>[] = [];
    for (const r of rows) {
      const d = attribute(toInput(r), people, manual.get(r.id));
      result.identities++;
      if (isOwned(d)) result.owned++;
      if (d.orphan) result.orphans++;
      if (d.orphanReason === 'no_owner') result.noOwner++;
      if (d.orphanReason === 'owner_departed') result.ownerDeparted++;
      if (d.orphanReason === 'owner_disabled') result.ownerDisabled++;
      const row = decisionRow(d, options.now);
      if (!unchanged(r, row)) out.push(row);
    }
    result.written += out.length;
    return out;
  };
  if (options.ids) {
    const unique = [...new Set(options.ids)];
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await pageQuery(store)
        .where('i.id', 'in', unique.slice(i, i + 1000))
        .execute();
      await writeDecisions(store, decide(rows));
    }
    return result;
  }
  // One page's write in flight while the next page is decided (pages are disjoint id ranges): on PostgreSQL the
  // server stores one page while this thread works on the next.
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const rows of keysetPages((after, limit) => inputPage(store, after ?? null, limit), PAGE)) {
      const out = decide(rows);
      await writing;
      writing = writeDecisions(store, out);
      // Awaited after the next page is decided: until then a failure must not count as unhandled.
      writing.catch(() => {});
    }
  } finally {
    await writing;
  }
  // Every current identity now has one ownership row: only a table holding more has rows of gone identities to drop.
  if ((await countRows(store, 'ownership')) > result.identities) result.removed = await dropGoneOwnership(store);
  return result;
}

/**
 * Identities that are gone (a complete scan no longer lists them) lose their derived ownership row; manual
 * assignments stay, so an identity that comes back keeps its owner. Returns how many rows went.
 */
export async function dropGoneOwnership(store: Store): Promise<number> {
  const gone = await store.db
    .deleteFrom('ownership')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('identities')
            .select('identities.id')
            .whereRef('identities.id', '=', 'ownership.identity_id')
            .where('identities.gone_at', 'is', null),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(gone.numDeletedRows);
}

/** Reads a decision back (for show/offboard): candidates parsed. */
export function candidatesOf(row: { candidates: string }): OwnershipDecision['candidates'] {
  return parseJson<OwnershipDecision['candidates']>(row.candidates, []);
}
