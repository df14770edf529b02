import { randomUUID } from 'node:crypto';
import { type Severity, severityRank } from '../model/index.js';

/** What a notification can be about; a configured notification lists the kinds it wants in `on`. */
export const NOTIFICATION_KINDS = [
  'finding-critical',
  'finding-high',
  'detection',
  'review-task',
  'approval-request',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One event to tell people about. Any code may build one (access reviews, rotation campaigns): `subject` is what it
 * is about (a finding id, a detection id, a plan id, a review task id) and, with the kind, what makes it the same
 * event on a re-run, so it is sent once per configured notification. Text fields may hold vendor data: every channel
 * neutralises them for its format.
 */
export interface Notification {
  kind: NotificationKind;
  severity: Severity;
  title: string;
  lines: string[];
  /** An http(s) link to open (a dashboard page); anything else is dropped by the channels. */
  link?: string;
  subject: string;
}

/** The most items a message lists; the rest are counted ("and 12 more"). */
export const MAX_ITEMS_PER_MESSAGE = 10;

/** What one channel sends once per run: every new event for it, batched, the most severe first. */
export interface OutgoingMessage {
  /** Unique per delivery (the webhook's delivery id header; receivers may de-duplicate on it). */
  id: string;
  title: string;
  severity: Severity;
  count: number;
  items: Notification[];
  /** How many events the message counts but does not list. */
  omitted: number;
  createdAt: string;
}

const bySeverityThenTitle = (a: Notification, b: Notification) =>
  severityRank(b.severity) - severityRank(a.severity) || a.title.localeCompare(b.title);

/** One message for a batch of events (at least one). */
export function batchMessage(events: readonly Notification[], now: Date): OutgoingMessage {
  const sorted = [...events].sort(bySeverityThenTitle);
  const top = sorted[0] as Notification;
  return {
    id: randomUUID(),
    title: sorted.length === 1 ? top.title : `${sorted.length} new events: ${kindSummary(sorted)}`,
    severity: top.severity,
    count: sorted.length,
    items: sorted.slice(0, MAX_ITEMS_PER_MESSAGE),
    omitted: Math.max(0, sorted.length - MAX_ITEMS_PER_MESSAGE),
    createdAt: now.toISOString(),
  };
}

const KIND_LABELS: Record<NotificationKind, [one: string, many: string]> = {
  'finding-critical': ['critical finding', 'critical findings'],
  'finding-high': ['high finding', 'high findings'],
  detection: ['detection', 'detections'],
  'review-task': ['review task', 'review tasks'],
  'approval-request': ['plan waiting for approval', 'plans waiting for approval'],
};

/** "3 critical findings, 1 detection", in the order of NOTIFICATION_KINDS. */
function kindSummary(events: readonly Notification[]): string {
  return NOTIFICATION_KINDS.flatMap((kind) => {
    const n = events.filter((e) => e.kind === kind).length;
    return n ? [`${n} ${KIND_LABELS[kind][n === 1 ? 0 : 1]}`] : [];
  }).join(', ');
}

/** Our own http(s) links only: a `javascript:` or `mailto:` link from a caller never reaches a message. */
export function safeLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
