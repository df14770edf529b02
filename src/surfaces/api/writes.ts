import type { Kysely } from 'kysely';
import { z } from 'zod';
import { assignOwner, getOwnership, unassignOwner } from '../../analysis/ownership/index.js';
import { suppressFinding, suppressFindingsOfRule, unsuppressFinding } from '../../analysis/risk/index.js';
import { UserError } from '../../lib/errors.js';
import type { Database, Store } from '../../store/index.js';
import { type AuditEntry, writeAudit } from './audit.js';
import type { Principal } from './auth.js';
import type { ApiDeps } from './deps.js';
import { ApiError, notFound } from './errors.js';
import { findingById } from './findings.js';

/** `until`: a date (end of that day, UTC) or an ISO timestamp. */
const Until = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : v)), {
    message: 'not a date (use YYYY-MM-DD or an ISO timestamp)',
  })
  .transform((v) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : v).toISOString());
const Reason = z.string().trim().min(3).max(500);

export const SuppressBody = z.object({ reason: Reason, until: Until.optional() });
export const UnsuppressBody = z.object({ reason: Reason });
export const BulkSuppressBody = z.object({
  ruleId: z.string().min(1),
  reason: Reason,
  until: Until.optional(),
  platform: z.string().optional(),
  tenant: z.string().optional(),
});
export const AssignBody = z
  .object({
    email: z.email().optional(),
    team: z.string().trim().min(1).max(200).optional(),
    reason: z.string().max(500).optional(),
  })
  .refine((b) => Boolean(b.email) !== Boolean(b.team), { message: 'give exactly one of email or team' });
export const AcceptBody = z.object({
  identityIds: z.array(z.string()).min(1).max(1000),
  minConfidence: z.number().min(0).max(1).optional(),
});

/** A UserError of the analysis layer as an API error: an unknown id is a 404, a wrong state a 409, else a 400. */
function apiErrorOf(error: unknown): unknown {
  if (!(error instanceof UserError)) return error;
  if (/^no finding/.test(error.message)) return new ApiError('not_found', error.message);
  if (/is not suppressed/.test(error.message)) return new ApiError('conflict', error.message);
  return new ApiError('bad_request', error.message);
}

/** Runs a write and its audit record in one transaction. */
async function audited<T>(
  deps: ApiDeps,
  principal: Principal,
  work: (store: Store) => Promise<T>,
  entry: (result: T) => AuditEntry,
): Promise<T> {
  try {
    const result = await deps.store.db.transaction().execute(async (trx) => {
      const value = await work({ ...deps.store, db: trx as Kysely<Database> });
      await writeAudit(trx, principal, entry(value), deps.clock.now().toISOString());
      return value;
    });
    deps.cache.clear();
    return result;
  } catch (error) {
    throw apiErrorOf(error);
  }
}

const now = (deps: ApiDeps) => deps.clock.now().toISOString();

export async function suppress(deps: ApiDeps, p: Principal, id: string, b: z.infer<typeof SuppressBody>) {
  await audited(
    deps,
    p,
    (store) => suppressFinding(store, id, { reason: b.reason, by: p.name, until: b.until ?? null }, now(deps)),
    () => ({ action: 'finding.suppress', target: id, detail: { reason: b.reason, until: b.until ?? null } }),
  );
  return findingById(deps, id);
}

export async function unsuppress(deps: ApiDeps, p: Principal, id: string, b: z.infer<typeof UnsuppressBody>) {
  await audited(
    deps,
    p,
    (store) => unsuppressFinding(store, id, b.reason),
    () => ({ action: 'finding.unsuppress', target: id, detail: { reason: b.reason } }),
  );
  return findingById(deps, id);
}

export async function bulkSuppress(deps: ApiDeps, p: Principal, b: z.infer<typeof BulkSuppressBody>) {
  const suppressed = await audited(
    deps,
    p,
    (store) =>
      suppressFindingsOfRule(
        store,
        { ruleId: b.ruleId, platform: b.platform, tenant: b.tenant },
        { reason: b.reason, by: p.name, until: b.until ?? null },
        now(deps),
      ),
    (n) => ({
      action: 'finding.suppress-rule',
      target: b.ruleId,
      detail: { reason: b.reason, until: b.until ?? null, platform: b.platform, tenant: b.tenant, suppressed: n },
    }),
  );
  return { suppressed };
}

async function requireIdentity(deps: ApiDeps, id: string): Promise<void> {
  const row = await deps.store.db.selectFrom('identities').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`identity ${id}`);
}

/** The ownership of one identity after a change. */
export async function ownershipOf(deps: ApiDeps, id: string) {
  const o = await getOwnership(deps.store, id);
  if (!o) throw notFound(`identity ${id}`);
  return {
    identityId: id,
    owner:
      o.ownerEmail || o.ownerTeam
        ? { email: o.ownerEmail, team: o.ownerTeam, status: o.ownerStatus, source: o.source, confidence: o.confidence }
        : null,
    orphan: o.orphan,
    orphanReason: o.orphanReason,
    manual: o.manual
      ? {
          email: o.manual.email,
          team: o.manual.team,
          by: o.manual.assignedBy,
          at: o.manual.assignedAt,
          note: o.manual.note,
        }
      : null,
  };
}

/**
 * Owner changes recompute ownership in their own transaction (assignOwner), so the audit record follows it rather
 * than sharing it; a failed write records nothing.
 */
export async function assign(deps: ApiDeps, p: Principal, id: string, b: z.infer<typeof AssignBody>) {
  await requireIdentity(deps, id);
  const input = { email: b.email ?? null, team: b.team ?? null, by: p.name, note: b.reason ?? null, now: now(deps) };
  await assignOwner(deps.store, { ...input, ids: [id], peopleSources: deps.catalogue.peopleSources });
  await writeAudit(deps.store.db, p, { action: 'owner.assign', target: id, detail: { ...input } }, input.now);
  deps.cache.clear();
  return ownershipOf(deps, id);
}

export async function unassign(deps: ApiDeps, p: Principal, id: string) {
  await requireIdentity(deps, id);
  const removed = await unassignOwner(deps.store, [id], now(deps), deps.catalogue.peopleSources);
  await writeAudit(deps.store.db, p, { action: 'owner.unassign', target: id, detail: { removed } }, now(deps));
  deps.cache.clear();
  return ownershipOf(deps, id);
}

/**
 * Accepts the ownership step's suggested owner of each listed identity that has one (an orphan's replacement).
 * With minConfidence, only suggestions that an owner candidate of at least that confidence backs.
 */
export async function acceptSuggestions(deps: ApiDeps, p: Principal, b: z.infer<typeof AcceptBody>) {
  const rows = await deps.store.db
    .selectFrom('ownership')
    .select(['identity_id', 'suggested_email', 'suggested_team', 'candidates'])
    .where('identity_id', 'in', [...new Set(b.identityIds)])
    .where((eb) => eb.or([eb('suggested_email', 'is not', null), eb('suggested_team', 'is not', null)]))
    .execute();
  const groups = new Map<string, { email: string | null; team: string | null; ids: string[] }>();
  for (const r of rows) {
    if (b.minConfidence !== undefined && backing(r) < b.minConfidence) continue;
    const key = JSON.stringify([r.suggested_email, r.suggested_team]);
    const group = groups.get(key) ?? { email: r.suggested_email, team: r.suggested_team, ids: [] };
    group.ids.push(r.identity_id);
    groups.set(key, group);
  }
  const at = now(deps);
  for (const g of groups.values())
    await assignOwner(deps.store, {
      ...g,
      by: p.name,
      note: 'accepted suggestion',
      now: at,
      peopleSources: deps.catalogue.peopleSources,
    });
  const accepted = [...groups.values()].flatMap((g) => g.ids);
  await writeAudit(
    deps.store.db,
    p,
    { action: 'owner.accept-suggestions', target: `${accepted.length} identities`, detail: { identityIds: accepted } },
    at,
  );
  deps.cache.clear();
  return { accepted: accepted.length };
}

/** The confidence of the best candidate naming the suggested owner (0 when none does). */
function backing(r: { suggested_email: string | null; suggested_team: string | null; candidates: string }): number {
  const candidates = JSON.parse(r.candidates) as Array<{
    email: string | null;
    team: string | null;
    confidence: number;
  }>;
  const matching = candidates.filter(
    (c) => (r.suggested_email && c.email === r.suggested_email) || (r.suggested_team && c.team === r.suggested_team),
  );
  return Math.max(0, ...matching.map((c) => c.confidence));
}
