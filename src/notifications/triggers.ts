import type { Severity } from '../model/index.js';
import type { Store } from '../store/index.js';
import { failedSubjects } from './deliveries.js';
import type { Notification, NotificationKind } from './message.js';

/** Findings severities that have an event kind of their own (`finding-critical`, `finding-high`). */
const FINDING_KINDS: Partial<Record<string, NotificationKind>> = {
  critical: 'finding-critical',
  high: 'finding-high',
};

/**
 * Findings a scan's analysis opened for the first time since `since` (an ISO time taken before the analysis) and
 * that are still open: a re-opened finding (status `reopened`) is not new, nor is one suppressed at once. Findings
 * whose delivery failed recently (`failedSubjects`) and that are still open come again, so the next run retries them.
 */
export async function newFindingEvents(store: Store, since: string): Promise<Notification[]> {
  const retry = await failedSubjects(store, Object.values(FINDING_KINDS) as string[], since);
  const rows = await store.db
    .selectFrom('findings as f')
    .leftJoin('identities as i', 'i.id', 'f.identity_id')
    .select(['f.id', 'f.severity', 'f.title', 'f.message', 'f.rule_id', 'f.platform', 'f.tenant', 'i.name'])
    .where('f.status', '=', 'open')
    .where('f.severity', 'in', Object.keys(FINDING_KINDS))
    .where((eb) =>
      retry.length
        ? eb.or([eb('f.first_seen', '>=', since), eb('f.id', 'in', retry)])
        : eb('f.first_seen', '>=', since),
    )
    .execute();
  return rows.map((r) => ({
    kind: FINDING_KINDS[r.severity] as NotificationKind,
    severity: r.severity as Severity,
    title: `${r.title}: ${r.name ?? r.id}`,
    lines: [r.message, `${r.platform}:${r.tenant} · rule ${r.rule_id} · finding ${r.id}`],
    subject: r.id,
  }));
}

/**
 * Detections first stored since `since` (one that recurs keeps its first detection time, so it is not new), and
 * those whose delivery failed recently, so the next import retries them.
 */
export async function newDetectionEvents(store: Store, since: string): Promise<Notification[]> {
  const retry = await failedSubjects(store, ['detection'], since);
  const rows = await store.db
    .selectFrom('activity_detections')
    .select(['id', 'severity', 'title', 'message', 'rule_id', 'platform', 'tenant', 'actor', 'event_count'])
    .where((eb) =>
      retry.length ? eb.or([eb('detected_at', '>=', since), eb('id', 'in', retry)]) : eb('detected_at', '>=', since),
    )
    .execute();
  return rows.map((r) => ({
    kind: 'detection',
    severity: r.severity as Severity,
    title: r.title,
    lines: [
      r.message,
      `${r.platform}:${r.tenant} · actor ${r.actor} · ${r.event_count} event(s) · rule ${r.rule_id} · detection ${r.id}`,
    ],
    subject: r.id,
  }));
}

export interface PlanSummary {
  id: string;
  planner: string;
  origin: string;
  items: number;
  blocked: number;
}

/** A remediation plan waiting for approval by someone other than its planner (severity high: it acts on production). */
export function approvalRequestEvent(plan: PlanSummary): Notification {
  return {
    kind: 'approval-request',
    severity: 'high',
    title: `Remediation plan ${plan.id} waits for approval`,
    lines: [
      `planned by ${plan.planner} from ${plan.origin}: ${plan.items} item(s)${plan.blocked ? `, ${plan.blocked} blocked by the dependency check` : ''}`,
      `review with \`steward remediate show ${plan.id}\`; another person approves with \`steward remediate approve ${plan.id} --key KEY.pem\``,
    ],
    subject: plan.id,
  };
}
