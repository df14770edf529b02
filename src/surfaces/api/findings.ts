import { sql } from 'kysely';
import { z } from 'zod';
import { severityRankSql } from '../../analysis/risk/fix-first.js';
import { severitiesAtOrAbove } from '../../analysis/risk/findings-store.js';
import { loadRulePack } from '../../analysis/risk/index.js';
import { FINDING_STATUSES, SEVERITIES, type Severity } from '../../model/index.js';
import type { FindingsTable, Store } from '../../store/index.js';
import { afterKey, type CursorValue, decodeCursor, page, type SortKey } from './cursor.js';
import type { ApiDeps } from './deps.js';
import { boundRead } from './prepared.js';
import { Cursor, Limit } from './route.js';
import type { Finding } from './schemas.js';

export const FindingQuery = z.object({
  severity: z.enum(SEVERITIES).optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  rule: z.string().optional(),
  platform: z.string().optional(),
  tenant: z.string().optional(),
  identity: z.string().optional(),
  limit: Limit,
  cursor: Cursor,
});
export type FindingQuery = z.infer<typeof FindingQuery>;

/** Fix-first order (src/analysis/risk/fix-first.ts), as `steward findings` sorts: severity, exposure, score, ids. */
const KEYS: SortKey[] = [
  { expr: severityRankSql('f.severity'), desc: true },
  { expr: sql`coalesce(s.fix_exposure, 0)`, desc: true },
  { expr: sql`coalesce(s.score, 0)`, desc: true },
  { expr: sql`f.identity_id`, desc: false },
  { expr: sql`f.rule_id`, desc: false },
];

type Row = FindingsTable & { identity_name: string | null; exposure: number | null };

/** The rule pack's remediation texts by rule id (what the dashboard shows beside a finding). */
const REMEDIATIONS = new WeakMap<ApiDeps, Map<string, string>>();
export function remediations(deps: ApiDeps): Map<string, string> {
  let known = REMEDIATIONS.get(deps);
  if (!known) {
    const pack = loadRulePack(deps.config, deps.catalogue.builtinRules, deps.catalogue.declaredAttributes);
    known = new Map(pack.all.map((r) => [r.meta.id, r.meta.remediation]));
    REMEDIATIONS.set(deps, known);
  }
  return known;
}

export function findingOf(r: Row, remediation: ReadonlyMap<string, string>): Finding {
  const fix = remediation.get(r.rule_id);
  return {
    id: r.id,
    ruleId: r.rule_id,
    title: r.title,
    severity: r.severity as Severity,
    status: r.status,
    identityId: r.identity_id,
    identityName: r.identity_name,
    platform: r.platform,
    tenant: r.tenant,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    message: r.message,
    evidence: JSON.parse(r.evidence),
    ...(fix ? { remediation: fix } : {}),
    suppression:
      r.suppressed_reason !== null
        ? {
            reason: r.suppressed_reason,
            until: r.suppressed_until,
            by: r.suppressed_by ?? '',
            at: r.suppressed_at ?? null,
          }
        : null,
    exposure: Number(r.exposure ?? 0),
  };
}

function findingsQuery(store: Store) {
  return store.db
    .selectFrom('findings as f')
    .leftJoin('risk_scores as s', 's.identity_id', 'f.identity_id')
    .leftJoin('identities as i', 'i.id', 'f.identity_id')
    .selectAll('f')
    .select(['i.name as identity_name', 's.fix_exposure as exposure']);
}

/** One keyset page of findings in fix-first order (sorted before the limit). */
export async function listFindingsPage(deps: ApiDeps, f: FindingQuery) {
  const after = decodeCursor(f.cursor, KEYS.length);
  let q = findingsQuery(deps.store).select(KEYS.map((k, i) => k.expr.as(`k${i}`)));
  q = f.status ? q.where('f.status', '=', f.status) : q.where('f.status', 'in', ['open', 'reopened']);
  if (f.severity) q = q.where('f.severity', 'in', severitiesAtOrAbove(f.severity));
  if (f.rule) q = q.where('f.rule_id', '=', f.rule);
  if (f.platform) q = q.where('f.platform', '=', f.platform);
  if (f.tenant) q = q.where('f.tenant', '=', f.tenant);
  if (f.identity) q = q.where('f.identity_id', '=', f.identity);
  if (after) q = q.where(afterKey(KEYS, after));
  for (const k of KEYS) q = q.orderBy(k.expr, k.desc ? 'desc' : 'asc');
  const rows = await q.limit(f.limit + 1).execute();
  const result = page(rows, f.limit, (r) => KEYS.map((_, i) => (r as unknown as Record<string, CursorValue>)[`k${i}`]));
  const fixes = remediations(deps);
  return { items: result.items.map((r) => findingOf(r, fixes)), nextCursor: result.nextCursor };
}

/** One finding as the API shows it, or null. */
export async function findingById(deps: ApiDeps, id: string): Promise<Finding | null> {
  const r = await findingsQuery(deps.store).where('f.id', '=', id).executeTakeFirst();
  return r ? findingOf(r, remediations(deps)) : null;
}

function identityFindingsQuery(store: Store, identityId: string) {
  let q = findingsQuery(store).where('f.identity_id', '=', identityId);
  for (const k of KEYS) q = q.orderBy(k.expr, k.desc ? 'desc' : 'asc');
  return q;
}
const identityFindingRows = boundRead(identityFindingsQuery);

/** Every finding of one identity, fix-first. */
export async function findingsOfIdentity(deps: ApiDeps, identityId: string): Promise<Finding[]> {
  const fixes = remediations(deps);
  return (await identityFindingRows(deps.store, identityId)).map((r) => findingOf(r, fixes));
}
