import { DAY_MS } from '../../lib/clock.js';
import type { IdentityView } from '../../store/index.js';
import type { ApiDeps } from './deps.js';
import { findingsOfIdentity } from './findings.js';
import { type OwnershipOfRecord, readIdentityEdges, readIdentityRecord } from './identity-record.js';
import type { Finding } from './schemas.js';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;

/**
 * Everything the identity page shows, or null when there is no such identity (gone ones included): three statements
 * at once (on PostgreSQL, three pooled connections side by side), whatever the identity holds.
 */
export async function identityDetail(deps: ApiDeps, id: string) {
  const [record, findings, edges] = await Promise.all([
    readIdentityRecord(deps.store, id),
    findingsOfIdentity(deps, id),
    readIdentityEdges(deps.store, id),
  ]);
  if (!record) return null;
  const { view, ownership } = record;
  const open = findings.filter((f) => f.status === 'open' || f.status === 'reopened');
  const nowMs = deps.clock.now().getTime();
  return {
    identity: {
      id: view.id,
      name: view.name,
      platform: view.platform,
      tenant: view.tenant,
      kind: view.kind,
      nativeType: view.nativeType,
      owner: ownerWithEvidence(ownership, view),
      topSeverity: SEVERITY_ORDER.find((s) => open.some((f) => f.severity === s)) ?? null,
      openFindings: open.length,
      lastUsedAt: view.lastUsedAt,
      createdAt: view.createdAt,
      credentials: view.credentials.length,
      goneAt: view.goneAt,
      attributes: view.attributes,
      firstSeen: view.firstSeen,
      lastSeen: view.lastSeen,
    },
    credentials: view.credentials.map((c) => ({
      id: c.id,
      kind: c.type,
      name: c.name,
      createdAt: c.createdAt,
      expiresAt: c.expiresAt,
      lastUsedAt: c.lastUsedAt,
      enabled: c.enabled,
      ageDays: c.createdAt ? Math.floor((nowMs - Date.parse(c.createdAt)) / DAY_MS) : null,
    })),
    permissions: view.permissions.map((p) => ({
      resource: p.resource,
      action: p.nativeName,
      access: p.access,
      sensitivity: p.sensitivity,
      pathToAdmin: p.pathToAdmin,
      source: p.source,
      lastUsedAt: p.lastUsedAt,
      attributes: p.attributes,
    })),
    edges,
    owner: ownerWithEvidence(ownership, view),
    suggestions: suggestionsOf(ownership),
    findings,
    history: history(view, findings, record.runAt),
  };
}

function ownerWithEvidence(o: OwnershipOfRecord | null, view: IdentityView) {
  if (!view.owner) return null;
  const chosen = o?.candidates.filter(
    (c) =>
      c.eligible &&
      ((view.owner?.email && c.email === view.owner.email) || (view.owner?.team && c.team === view.owner.team)),
  );
  return {
    email: view.owner.email,
    name: view.owner.name ?? null,
    login: view.owner.login ?? null,
    team: view.owner.team,
    status: view.owner.status,
    source: view.owner.source,
    confidence: view.owner.confidence === null ? null : Number(view.owner.confidence),
    evidence: (chosen ?? []).map((c) => c.evidence),
  };
}

/** Other possible owners: the candidates not chosen, then the ownership step's suggestion for an orphan. */
function suggestionsOf(o: OwnershipOfRecord | null) {
  if (!o) return [];
  const others: Array<{
    email: string | null;
    team: string | null;
    source: string;
    confidence: number | null;
    evidence: string;
  }> = o.candidates
    .filter(
      (c) =>
        c.eligible && !(c.email !== null && c.email === o.ownerEmail) && !(c.team !== null && c.team === o.ownerTeam),
    )
    .map((c) => ({ email: c.email, team: c.team, source: c.source, confidence: c.confidence, evidence: c.evidence }));
  if (o.suggestion)
    others.push({
      email: o.suggestion.email,
      team: o.suggestion.team,
      source: 'suggestion',
      confidence: null,
      evidence: o.suggestion.reason,
    });
  return others;
}

/** What happened to it across runs: appeared, findings raised and resolved, gone; oldest first. */
function history(view: IdentityView, findings: Finding[], runAt: ReadonlyMap<string, string>) {
  const events: Array<{ runId: string | null; at: string; change: string }> = [
    { runId: runAt.get(view.firstSeen) ?? null, at: view.firstSeen, change: 'first seen' },
  ];
  for (const f of findings) events.push({ runId: null, at: f.firstSeen, change: `finding raised: ${f.ruleId}` });
  if (view.goneAt) events.push({ runId: null, at: view.goneAt, change: 'gone (a complete scan no longer lists it)' });
  else events.push({ runId: runAt.get(view.lastSeen) ?? null, at: view.lastSeen, change: 'last seen' });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
