import { sql } from 'kysely';
import { z } from 'zod';
import { loadPeopleIndex, OWNED_SQL, ownershipSummary, UNVERIFIED_SQL } from '../../analysis/ownership/index.js';
import { fixFirstIdentities, openFindingsBySeverity } from '../../analysis/risk/fix-first.js';
import { loadRulePack } from '../../analysis/risk/index.js';
import type { SyncRun } from '../../model/index.js';
import { listSyncRunsById } from '../../store/index.js';
import { afterKey, type CursorValue, decodeCursor, encodeCursor, page, type SortKey } from './cursor.js';
import type { ApiDeps } from './deps.js';
import { ownerOf } from './identities.js';
import { Cursor, Limit } from './route.js';
import type { Run } from './schemas.js';

export function runOf(r: SyncRun): Run {
  return {
    id: r.id,
    platform: r.platform,
    tenant: r.tenant,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    counts: r.counts,
    sources: r.sources.map((s) => ({
      id: s.source,
      outcome: s.status,
      endpoint: s.problem?.endpoint ?? null,
      permission: s.problem?.permission ?? null,
      message: s.problem?.message ?? null,
    })),
  };
}

/** How long the overview's figures are answered without a new pass over the estate (see FigureCache). */
const OVERVIEW_TTL_MS = 30_000;

/**
 * The overview: the figures of `steward report` and `owners stats`, from the same functions. The figures are passes
 * over the whole estate (seconds at a million identities), so they come from the figure cache; the tenants' latest
 * runs are cheap and always current (a scan started a moment ago shows at once).
 */
export async function summary(deps: ApiDeps) {
  const figures = await deps.cache.get('overview', OVERVIEW_TTL_MS, () => overviewFigures(deps));
  return { ...figures, lastRuns: await lastRuns(deps) };
}

async function overviewFigures(deps: ApiDeps) {
  const { store } = deps;
  const people = await loadPeopleIndex(store, deps.catalogue.peopleSources);
  const owners = await ownershipSummary(store, people);
  const severities = await openFindingsBySeverity(store);
  const gone = await store.db
    .selectFrom('identities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('gone_at', 'is not', null)
    .executeTakeFirstOrThrow();
  const openByPlatform = await store.db
    .selectFrom('findings')
    .select(['platform', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['open', 'reopened'])
    .groupBy('platform')
    .execute();
  const o = owners.overall;
  return {
    identities: o.identities,
    current: o.identities,
    gone: Number(gone.n),
    byPlatform: byPlatform(owners.tenants, openByPlatform),
    openFindingsBySeverity: Object.fromEntries(severities.map((s) => [s.severity, s.count])),
    people: o.activePeople ?? 0,
    owned: o.owned,
    unverified: o.ownerUnverified,
    orphaned: o.orphans,
    ownerDeparted: o.ownerDeparted,
    nhiPerPerson: o.nhiPerPerson,
    fixFirst: await fixFirstIdentities(store, { limit: 10 }),
    trend: await trend(deps),
  };
}

function byPlatform(
  tenants: Array<{ platform: string; identities: number }>,
  open: Array<{ platform: string; n: number }>,
) {
  const rows = new Map<string, { platform: string; identities: number; openFindings: number }>();
  for (const t of tenants) {
    const row = rows.get(t.platform) ?? { platform: t.platform, identities: 0, openFindings: 0 };
    row.identities += t.identities;
    rows.set(t.platform, row);
  }
  for (const f of open) {
    const row = rows.get(f.platform) ?? { platform: f.platform, identities: 0, openFindings: 0 };
    row.openFindings += Number(f.n);
    rows.set(f.platform, row);
  }
  return [...rows.values()].sort((a, b) => a.platform.localeCompare(b.platform));
}

/**
 * The last 30 finished runs with what their tenant held when each ended: identities seen and not yet gone, findings
 * raised and not yet resolved or suppressed since (reconstructed from first-seen / gone / resolved times).
 */
async function trend(deps: ApiDeps) {
  const runs = await deps.store.db
    .selectFrom('sync_runs')
    .select(['id', 'platform', 'tenant', 'finished_at'])
    .where('finished_at', 'is not', null)
    .orderBy('finished_at', 'desc')
    .limit(30)
    .execute();
  const out = [];
  for (const r of runs.reverse()) {
    const at = r.finished_at as string;
    const [ids, open] = await Promise.all([
      deps.store.db
        .selectFrom('identities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('platform', '=', r.platform)
        .where('tenant', '=', r.tenant)
        .where('first_seen', '<=', at)
        .where((eb) => eb.or([eb('gone_at', 'is', null), eb('gone_at', '>', at)]))
        .executeTakeFirstOrThrow(),
      deps.store.db
        .selectFrom('findings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('platform', '=', r.platform)
        .where('tenant', '=', r.tenant)
        .where('first_seen', '<=', at)
        .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>', at)]))
        .where('status', '!=', 'suppressed')
        .executeTakeFirstOrThrow(),
    ]);
    out.push({
      runId: r.id,
      finishedAt: at,
      platform: r.platform,
      tenant: r.tenant,
      identities: Number(ids.n),
      openFindings: Number(open.n),
    });
  }
  return out;
}

/** The latest run of every tenant. */
async function lastRuns(deps: ApiDeps): Promise<Run[]> {
  const latest = await deps.store.db
    .selectFrom('sync_runs as r')
    .select('r.id')
    .where(
      'r.started_at',
      '=',
      sql<string>`(select max(x.started_at) from sync_runs x where x.platform = r.platform and x.tenant = r.tenant)`,
    )
    .execute();
  const runs = await listSyncRunsById(
    deps.store,
    latest.map((r) => r.id),
  );
  return runs.sort((a, b) => `${a.platform}:${a.tenant}`.localeCompare(`${b.platform}:${b.tenant}`)).map(runOf);
}

export const RunQuery = z.object({
  platform: z.string().optional(),
  tenant: z.string().optional(),
  limit: Limit,
  cursor: Cursor,
});

const RUN_KEYS: SortKey[] = [
  { expr: sql`started_at`, desc: true },
  { expr: sql`id`, desc: true },
];

export async function listRuns(deps: ApiDeps, f: z.infer<typeof RunQuery>) {
  const after = decodeCursor(f.cursor, 2);
  let q = deps.store.db.selectFrom('sync_runs').select(['id', 'started_at']);
  if (f.platform) q = q.where('platform', '=', f.platform);
  if (f.tenant) q = q.where('tenant', '=', f.tenant);
  if (after) q = q.where(afterKey(RUN_KEYS, after));
  const rows = await q
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const result = page(rows, f.limit, (r) => [r.started_at, r.id]);
  const runs = await listSyncRunsById(
    deps.store,
    result.items.map((r) => r.id),
  );
  return { items: runs.map(runOf), nextCursor: result.nextCursor };
}

export const OwnerQuery = z.object({
  status: z.enum(['owned', 'unverified', 'orphaned', 'departed']).optional(),
  platform: z.string().optional(),
  tenant: z.string().optional(),
  limit: Limit,
  cursor: Cursor,
});

const OWNER_STATUS_SQL = {
  owned: sql<boolean>`${OWNED_SQL} = 1`,
  unverified: sql<boolean>`${UNVERIFIED_SQL} = 1`,
  // Exactly the rows whose status reads `orphaned`: a departed owner's identities are `departed` (the summary's
  // `orphaned` count, like `steward owners stats`, includes both).
  orphaned: sql<boolean>`o.orphan = 1 and coalesce(o.orphan_reason, '') <> 'owner_departed'`,
  departed: sql<boolean>`o.orphan_reason = 'owner_departed'`,
};

/** Ownership rows (the one definition of owned/unverified/orphaned, src/analysis/ownership/owned.ts), by identity id. */
export async function listOwners(deps: ApiDeps, f: z.infer<typeof OwnerQuery>) {
  const after = decodeCursor(f.cursor, 1);
  let q = deps.store.db
    .selectFrom('identities as i')
    .leftJoin('ownership as o', 'o.identity_id', 'i.id')
    .leftJoin('people as p', 'p.id', 'o.owner_person_id')
    .where('i.gone_at', 'is', null)
    .select(['i.id', 'i.name', 'i.platform', 'i.tenant', 'o.identity_id as computed', 'o.orphan', 'o.orphan_reason'])
    .select(['o.owner_email', 'o.owner_team', 'o.owner_status', 'o.source as owner_source'])
    .select(['o.confidence as owner_confidence', 'p.name as owner_name', 'p.login as owner_login'])
    .select(['o.suggested_email', 'o.suggested_team', 'o.suggestion_reason'])
    .select([OWNED_SQL.as('owned'), UNVERIFIED_SQL.as('unverified')]);
  if (f.status) q = q.where(OWNER_STATUS_SQL[f.status]);
  if (f.platform) q = q.where('i.platform', '=', f.platform);
  if (f.tenant) q = q.where('i.tenant', '=', f.tenant);
  if (after) q = q.where('i.id', '>', String(after[0]));
  const rows = await q
    .orderBy('i.id')
    .limit(f.limit + 1)
    .execute();
  const result = page(rows, f.limit, (r) => [r.id]);
  const statusOf = (r: (typeof rows)[number]) =>
    r.computed === null
      ? ('not-computed' as const)
      : Number(r.owned) === 1
        ? ('owned' as const)
        : Number(r.unverified) === 1
          ? ('unverified' as const)
          : r.orphan_reason === 'owner_departed'
            ? ('departed' as const)
            : ('orphaned' as const);
  return {
    items: result.items.map((r) => ({
      identity: { id: r.id, name: r.name, platform: r.platform, tenant: r.tenant },
      owner: ownerOf(r),
      status: statusOf(r),
      orphanReason: r.orphan_reason,
      suggestion:
        r.suggested_email || r.suggested_team
          ? { email: r.suggested_email, team: r.suggested_team, reason: r.suggestion_reason ?? '' }
          : null,
    })),
    nextCursor: result.nextCursor,
  };
}

export const PeopleQuery = z.object({
  q: z.string().min(1).max(200).optional(),
  status: z.enum(['active', 'departed', 'disabled']).optional(),
  limit: Limit,
  cursor: Cursor,
});

/** The unified people view (every source joined by e-mail) with how many identities each person owns. */
export async function listPeoplePage(deps: ApiDeps, f: z.infer<typeof PeopleQuery>) {
  const after = decodeCursor(f.cursor, 1);
  const index = await loadPeopleIndex(deps.store, deps.catalogue.peopleSources);
  const owned = await deps.store.db
    .selectFrom('ownership as o')
    .innerJoin('identities as i', 'i.id', 'o.identity_id')
    .where('i.gone_at', 'is', null)
    .where('o.owner_email', 'is not', null)
    .select(['o.owner_email', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('o.owner_email')
    .execute();
  const ownedBy = new Map(owned.map((r) => [r.owner_email, Number(r.n)]));
  const needle = f.q?.toLowerCase();
  const people = index
    .all()
    .filter((p) => !f.status || p.status === f.status)
    .filter((p) => !needle || `${p.email ?? ''} ${p.name ?? ''} ${p.key}`.toLowerCase().includes(needle))
    .sort((a, b) => a.key.localeCompare(b.key))
    .filter((p) => !after || p.key > String(after[0]));
  const result = page(people.slice(0, f.limit + 1), f.limit, (p) => [p.key]);
  return {
    items: result.items.map((p) => ({
      email: p.email,
      name: p.name,
      status: p.status,
      team: p.team,
      manager: p.managerEmail,
      owned: p.email ? (ownedBy.get(p.email) ?? 0) : 0,
    })),
    nextCursor: result.nextCursor,
    total: people.length + (after ? 0 : 0),
  };
}

/** The rule pack (built-in and custom) as `steward rules` lists it. */
export function rules(deps: ApiDeps) {
  const pack = loadRulePack(deps.config, deps.catalogue.builtinRules, deps.catalogue.declaredAttributes);
  return {
    items: pack.all.map((r) => ({
      id: r.meta.id,
      title: r.meta.title,
      severity: r.meta.severity,
      platform: r.meta.platforms === 'all' ? null : r.meta.platforms.join(','),
      owasp: r.meta.owasp,
      compliance: r.meta.compliance,
      reads: r.meta.dataRequirement,
    })),
  };
}

export const AuditQuery = z.object({ limit: Limit, cursor: Cursor });
const AUDIT_KEYS: SortKey[] = [
  { expr: sql`at`, desc: true },
  { expr: sql`id`, desc: true },
];

export async function listAudit(deps: ApiDeps, f: z.infer<typeof AuditQuery>) {
  const after = decodeCursor(f.cursor, 2);
  let q = deps.store.db.selectFrom('audit_log').selectAll();
  if (after) q = q.where(afterKey(AUDIT_KEYS, after as CursorValue[]));
  const rows = await q
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const result = page(rows, f.limit, (r) => [r.at, r.id]);
  return {
    items: result.items.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { tokenId: r.actor_token_id, name: r.actor_name },
      action: r.action,
      target: r.target,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    })),
    nextCursor: result.nextCursor,
  };
}

export { encodeCursor };
