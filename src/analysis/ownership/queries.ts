import { sql } from 'kysely';
import { collectBatches, keysetPages, type Store } from '../../store/index.js';
import { suggestReplacement } from './attribute.js';
import { OWNED_SQL, UNVERIFIED_SQL } from './owned.js';
import { candidatesOf, loadManualAssignments, recomputeOwnership } from './compute.js';
import type { PeopleIndex, PeopleSourcePolicy, UnifiedPerson } from './people.js';
import type { ManualAssignment } from './strategies.js';
import type { OwnerCandidate, OwnerSuggestion, OrphanReason } from './types.js';

export interface OwnershipFilter {
  platform?: string;
  tenant?: string;
  kind?: string;
  /** Only orphans (no owner, or owner departed/disabled). */
  orphans?: boolean;
  /** Owner e-mail (exact, case-insensitive). */
  ownerEmail?: string;
  /** Owning team (exact, case-insensitive). */
  ownerTeam?: string;
  ids?: string[];
  /** Case-insensitive substring of name or id. */
  text?: string;
}

export interface OwnershipRow {
  identityId: string;
  platform: string;
  tenant: string;
  kind: string;
  name: string;
  /** false when the ownership step has not run since the identity was scanned. */
  computed: boolean;
  ownerEmail: string | null;
  ownerTeam: string | null;
  ownerPersonId: string | null;
  /** Login of the owner's representative people record (shown when the person has no e-mail). */
  ownerLogin: string | null;
  source: string | null;
  confidence: number | null;
  ownerStatus: string | null;
  orphan: boolean;
  orphanReason: OrphanReason | null;
  suggestion: OwnerSuggestion | null;
  computedAt: string | null;
}

function baseQuery(store: Store, filter: OwnershipFilter) {
  let q = store.db
    .selectFrom('identities as i')
    .leftJoin('ownership as o', 'o.identity_id', 'i.id')
    .leftJoin('people as p', 'p.id', 'o.owner_person_id')
    .where('i.gone_at', 'is', null)
    .select([
      'i.id',
      'i.platform',
      'i.tenant',
      'i.kind',
      'i.name',
      'p.login as owner_login',
      'o.identity_id as o_id',
      'o.owner_email',
      'o.owner_team',
      'o.owner_person_id',
      'o.source',
      'o.confidence',
      'o.owner_status',
      'o.orphan',
      'o.orphan_reason',
      'o.suggested_email',
      'o.suggested_team',
      'o.suggestion_reason',
      'o.computed_at',
    ]);
  if (filter.platform) q = q.where('i.platform', '=', filter.platform);
  if (filter.tenant) q = q.where('i.tenant', '=', filter.tenant);
  if (filter.kind) q = q.where('i.kind', '=', filter.kind);
  if (filter.orphans) q = q.where('o.orphan', '=', 1);
  if (filter.ownerEmail) q = q.where('o.owner_email', '=', filter.ownerEmail.trim().toLowerCase());
  if (filter.ownerTeam)
    q = q.where((eb) => eb(eb.fn('lower', ['o.owner_team']), '=', filter.ownerTeam!.trim().toLowerCase()));
  if (filter.ids) q = q.where('i.id', 'in', filter.ids.length ? filter.ids : ['\u0000']);
  if (filter.text) {
    const like = `%${filter.text.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['i.name']), 'like', like), eb(eb.fn('lower', ['i.id']), 'like', like)]),
    );
  }
  return q;
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toRow(r: Row): OwnershipRow {
  const suggestion =
    r.suggested_email || r.suggested_team
      ? { email: r.suggested_email, team: r.suggested_team, reason: r.suggestion_reason ?? '' }
      : null;
  return {
    identityId: r.id,
    platform: r.platform,
    tenant: r.tenant,
    kind: r.kind,
    name: r.name,
    computed: r.o_id !== null,
    ownerEmail: r.owner_email,
    ownerTeam: r.owner_team,
    ownerPersonId: r.owner_person_id,
    ownerLogin: r.owner_login,
    source: r.source,
    confidence: r.confidence === null ? null : Number(r.confidence),
    ownerStatus: r.owner_status,
    orphan: Number(r.orphan) === 1,
    orphanReason: (r.orphan_reason as OrphanReason | null) ?? null,
    suggestion,
    computedAt: r.computed_at,
  };
}

/** Streams ownership rows in identity-id order (keyset pages). */
export async function* iterateOwnership(
  store: Store,
  filter: OwnershipFilter = {},
  batchSize = 2000,
): AsyncGenerator<OwnershipRow[]> {
  const pages = keysetPages((after, limit) => {
    let q = baseQuery(store, filter);
    if (after !== null) q = q.where('i.id', '>', after);
    return q.orderBy('i.id').limit(limit).execute();
  }, batchSize);
  for await (const rows of pages) yield rows.map(toRow);
}

export async function listOwnership(
  store: Store,
  filter: OwnershipFilter = {},
  limit?: number,
): Promise<OwnershipRow[]> {
  return collectBatches(iterateOwnership(store, filter), limit);
}

export interface OwnershipDetail extends OwnershipRow {
  candidates: OwnerCandidate[];
  manual: ManualAssignment | null;
}

export async function getOwnership(store: Store, identityId: string): Promise<OwnershipDetail | null> {
  const r = await baseQuery(store, { ids: [identityId] })
    .select('o.candidates')
    .executeTakeFirst();
  if (!r) return null;
  const manual = (await loadManualAssignments(store, [identityId])).get(identityId) ?? null;
  return { ...toRow(r), candidates: r.candidates ? candidatesOf({ candidates: r.candidates }) : [], manual };
}

/** Selects identity ids by filter (for bulk assign). */
export async function selectIdentityIds(store: Store, filter: OwnershipFilter): Promise<string[]> {
  const ids: string[] = [];
  for await (const batch of iterateOwnership(store, filter, 5000)) for (const r of batch) ids.push(r.identityId);
  return ids;
}

export interface AssignInput {
  ids: string[];
  email: string | null;
  team: string | null;
  by: string;
  note: string | null;
  now: string;
  peopleSources: PeopleSourcePolicy;
}

/** Records manual assignments (replacing earlier ones) and recomputes ownership for those identities at once. */
export async function assignOwner(store: Store, input: AssignInput): Promise<number> {
  if (!input.email && !input.team) throw new Error('an assignment needs an e-mail or a team');
  const ids = [...new Set(input.ids)];
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < ids.length; i += 400) {
      const chunk = ids.slice(i, i + 400);
      await trx
        .insertInto('owner_assignments')
        .values(
          chunk.map((id) => ({
            identity_id: id,
            owner_email: input.email?.trim().toLowerCase() ?? null,
            owner_team: input.team?.trim() ?? null,
            assigned_by: input.by,
            assigned_at: input.now,
            note: input.note,
          })),
        )
        .onConflict((oc) =>
          oc.column('identity_id').doUpdateSet((eb) => ({
            owner_email: eb.ref('excluded.owner_email'),
            owner_team: eb.ref('excluded.owner_team'),
            assigned_by: eb.ref('excluded.assigned_by'),
            assigned_at: eb.ref('excluded.assigned_at'),
            note: eb.ref('excluded.note'),
          })),
        )
        .execute();
    }
  });
  await recomputeOwnership(store, { now: input.now, ids, peopleSources: input.peopleSources });
  return ids.length;
}

/** Removes manual assignments; attribution falls back to vendor evidence. Returns how many assignments existed. */
export async function unassignOwner(
  store: Store,
  ids: string[],
  now: string,
  peopleSources: PeopleSourcePolicy,
): Promise<number> {
  const unique = [...new Set(ids)];
  let removed = 0;
  for (let i = 0; i < unique.length; i += 1000) {
    const r = await store.db
      .deleteFrom('owner_assignments')
      .where('identity_id', 'in', unique.slice(i, i + 1000))
      .executeTakeFirst();
    removed += Number(r.numDeletedRows);
  }
  await recomputeOwnership(store, { now, ids: unique, peopleSources });
  return removed;
}

export interface OffboardEntry {
  identityId: string;
  platform: string;
  tenant: string;
  kind: string;
  name: string;
  /** How they are connected: the chosen owner's source, or the candidate sources. */
  sources: string[];
  evidence: string[];
  currentOwner: string | null;
  suggestion: OwnerSuggestion | null;
}

export interface OffboardReport {
  email: string;
  person: Pick<UnifiedPerson, 'email' | 'name' | 'status' | 'departedAt' | 'managerEmail' | 'team' | 'sources'> | null;
  /** Identities whose chosen owner is this person. */
  owned: OffboardEntry[];
  /** Identities where this person is a candidate but not the chosen owner. */
  candidateOnly: OffboardEntry[];
}

/**
 * Everything a leaver is connected to: identities they own (chosen owner) with a suggested new owner (computed as if
 * they had already left), and identities where they are only a candidate.
 */
export async function offboardReport(store: Store, email: string, index: PeopleIndex): Promise<OffboardReport> {
  const target = email.trim().toLowerCase();
  const person = index.byEmailAddress(target) ?? null;
  const owned: OffboardEntry[] = [];
  const candidateOnly: OffboardEntry[] = [];
  const personIds = new Set(person?.records.map((r) => r.id) ?? []);
  // LIKE is only a prefilter ("_" matches any character); every hit is checked against the parsed candidates.
  const needle = `%${target}%`;
  let after: string | null = null;
  for (;;) {
    let q = store.db
      .selectFrom('ownership as o')
      .innerJoin('identities as i', 'i.id', 'o.identity_id')
      .where('i.gone_at', 'is', null)
      .select([
        'i.id',
        'i.platform',
        'i.tenant',
        'i.kind',
        'i.name',
        'o.owner_email',
        'o.owner_team',
        'o.owner_person_id',
        'o.source',
        'o.candidates',
      ])
      .where((eb) =>
        eb.or([
          eb('o.owner_email', '=', target),
          ...(personIds.size ? [eb('o.owner_person_id', 'in', [...personIds])] : []),
          eb(sql<string>`lower(o.candidates)`, 'like', needle),
          ...(person ? [eb('o.candidates', 'like', `%"personKey":${JSON.stringify(person.key)}%`)] : []),
        ]),
      );
    if (after !== null) q = q.where('i.id', '>', after);
    const rows = await q.orderBy('i.id').limit(2000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const candidates = candidatesOf(r);
      const mine = candidates.filter((c) => c.email === target || (person !== null && c.personKey === person.key));
      const isOwner = r.owner_email === target || (r.owner_person_id !== null && personIds.has(r.owner_person_id));
      if (!isOwner && mine.length === 0) continue; // LIKE matched a longer address
      const base = { identityId: r.id, platform: r.platform, tenant: r.tenant, kind: r.kind, name: r.name };
      if (isOwner) {
        const suggestion = person
          ? suggestReplacement(person, r.owner_team, candidates, index)
          : r.owner_team
            ? { email: null, team: r.owner_team, reason: 'team named on the identity' }
            : null;
        owned.push({
          ...base,
          sources: [r.source ?? '?'],
          evidence: mine.map((c) => c.evidence),
          currentOwner: target,
          suggestion,
        });
      } else {
        candidateOnly.push({
          ...base,
          sources: [...new Set(mine.map((c) => c.source))],
          evidence: mine.map((c) => c.evidence),
          currentOwner: r.owner_email ?? (r.owner_team ? `team:${r.owner_team}` : null),
          suggestion: null,
        });
      }
    }
    after = rows[rows.length - 1].id;
    if (rows.length < 2000) break;
  }
  return {
    email: target,
    person: person
      ? {
          email: person.email,
          name: person.name,
          status: person.status,
          departedAt: person.departedAt,
          managerEmail: person.managerEmail,
          team: person.team,
          sources: person.sources,
        }
      : null,
    owned,
    candidateOnly,
  };
}

export interface TenantOwnershipStats {
  platform: string;
  tenant: string;
  identities: number;
  /** Identities someone current answers for: an active person, or a team (owned.ts, the one definition). */
  owned: number;
  ownedShare: number;
  /** No owner, or the owner departed / is disabled (the ownership step's orphan flag). */
  orphans: number;
  /** Owned by a person no people source knows, so neither owned nor orphaned can be said. */
  ownerUnverified: number;
  noOwner: number;
  ownerDeparted: number;
  ownerDisabled: number;
  /** Identities the ownership step has not processed yet. */
  notComputed: number;
  /** Active people known from this platform+tenant's own member list (null when the platform lists none). */
  activePeople: number | null;
  /** identities / activePeople (null when there are no people for this tenant). */
  nhiPerPerson: number | null;
}

export interface OwnershipSummary {
  overall: Omit<TenantOwnershipStats, 'platform' | 'tenant'>;
  tenants: TenantOwnershipStats[];
  /** People counted for the overall ratio: those an authoritative source (HR, IdP) knows, when there is one. */
  people: {
    basis: 'authoritative' | 'all';
    total: number;
    active: number;
    departed: number;
    disabled: number;
    withConflicts: number;
  };
}

const share = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);

/** identities / active people, rounded to two decimals; null without people. */
const ratio = (identities: number, people: number | null): number | null =>
  people ? Math.round((identities / people) * 100) / 100 : null;

/**
 * Owned share, orphan counts and the NHI:human ratio per tenant and overall. The overall ratio divides every
 * identity by the active people of the unified view (all sources joined by e-mail).
 */
export async function ownershipSummary(store: Store, index: PeopleIndex): Promise<OwnershipSummary> {
  const rows = await store.db
    .selectFrom('identities as i')
    .leftJoin('ownership as o', 'o.identity_id', 'i.id')
    .where('i.gone_at', 'is', null)
    .select([
      'i.platform',
      'i.tenant',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(${OWNED_SQL})`.as('owned'),
      sql<number>`sum(${UNVERIFIED_SQL})`.as('unverified'),
      sql<number>`sum(case when o.orphan = 1 then 1 else 0 end)`.as('orphans'),
      sql<number>`sum(case when o.orphan_reason = 'no_owner' then 1 else 0 end)`.as('no_owner'),
      sql<number>`sum(case when o.orphan_reason = 'owner_departed' then 1 else 0 end)`.as('departed'),
      sql<number>`sum(case when o.orphan_reason = 'owner_disabled' then 1 else 0 end)`.as('disabled'),
      sql<number>`sum(case when o.identity_id is null then 1 else 0 end)`.as('not_computed'),
    ])
    .groupBy(['i.platform', 'i.tenant'])
    .orderBy('i.platform')
    .orderBy('i.tenant')
    .execute();
  const everyone = index.all();
  // Vendor member lists repeat people the IdP/HR already know (often without an e-mail to join on), so when any
  // authoritative source is present only people it knows are counted; otherwise everyone.
  const authoritativeKnown = everyone.some((p) => p.records.some((r) => index.sources.isAuthoritative(r.source)));
  const all = authoritativeKnown
    ? everyone.filter((p) => p.records.some((r) => index.sources.isAuthoritative(r.source)))
    : everyone;
  const activeIn = (platform: string, tenant: string): number | null => {
    const members = everyone.filter((p) => p.records.some((r) => r.source === platform && r.tenant === tenant));
    return members.length ? members.filter((p) => p.status === 'active').length : null;
  };
  const tenants: TenantOwnershipStats[] = rows.map((r) => {
    const n = Number(r.n);
    const owned = Number(r.owned ?? 0);
    const active = activeIn(r.platform, r.tenant);
    return {
      platform: r.platform,
      tenant: r.tenant,
      identities: n,
      owned,
      ownedShare: share(owned, n),
      orphans: Number(r.orphans ?? 0),
      ownerUnverified: Number(r.unverified ?? 0),
      noOwner: Number(r.no_owner ?? 0),
      ownerDeparted: Number(r.departed ?? 0),
      ownerDisabled: Number(r.disabled ?? 0),
      notComputed: Number(r.not_computed ?? 0),
      activePeople: active,
      nhiPerPerson: ratio(n, active),
    };
  });
  const sum = (
    k:
      | 'identities'
      | 'owned'
      | 'orphans'
      | 'ownerUnverified'
      | 'noOwner'
      | 'ownerDeparted'
      | 'ownerDisabled'
      | 'notComputed',
  ) => tenants.reduce((a, t) => a + t[k], 0);
  const active = all.filter((p) => p.status === 'active').length;
  const identities = sum('identities');
  return {
    overall: {
      identities,
      owned: sum('owned'),
      ownedShare: share(sum('owned'), identities),
      orphans: sum('orphans'),
      ownerUnverified: sum('ownerUnverified'),
      noOwner: sum('noOwner'),
      ownerDeparted: sum('ownerDeparted'),
      ownerDisabled: sum('ownerDisabled'),
      notComputed: sum('notComputed'),
      activePeople: active,
      nhiPerPerson: ratio(identities, active),
    },
    tenants,
    people: {
      basis: authoritativeKnown ? 'authoritative' : 'all',
      total: all.length,
      active,
      departed: all.filter((p) => p.status === 'departed').length,
      disabled: all.filter((p) => p.status === 'disabled').length,
      withConflicts: all.filter((p) => p.conflicts.length > 0).length,
    },
  };
}
