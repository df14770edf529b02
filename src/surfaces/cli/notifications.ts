import { checkSection } from '../../config/load.js';
import { terminalText } from '../../lib/output-safety.js';
import {
  approvalRequestEvent,
  type DeliveryReport,
  type Notification,
  type NotificationTarget,
  NotificationsConfig,
  notify,
} from '../../notifications/index.js';
import type { Plan } from '../../remediation/index.js';
import type { Store } from '../../store/index.js';
import type { CliContext } from './context.js';

/**
 * The configured notifications, validated and their secrets resolved (a UserError, exit 2, naming each key path and
 * line otherwise). Commands that notify call it before any work, so a bad entry stops them before they change anything.
 */
export function notificationTargets(ctx: CliContext): NotificationTarget[] {
  return checkSection(ctx.config, 'notifications', NotificationsConfig, ctx.configFile);
}

/** One line per configured notification that had something to send: what was sent or why it failed. */
export function deliveryLines(reports: readonly DeliveryReport[], retriedLater = true): string[] {
  return reports.map((r) => {
    const who = `notification ${r.notification} (${r.channel})`;
    const before = r.alreadySent ? `; ${r.alreadySent} sent before` : '';
    if (r.status === 'sent') return `${who}: sent ${r.events} event(s) in ${r.attempts} attempt(s)${before}`;
    if (r.status === 'nothing') return `${who}: nothing new${before}`;
    const later = retriedLater ? ' — kept, retried next run' : '';
    return `${who}: NOT delivered (${r.events} event(s), ${r.attempts} attempt(s)): ${terminalText(r.error)}${later}`;
  });
}

/**
 * Sends the events and reports on stderr (stdout may carry JSON or SARIF). Never throws and never changes the exit
 * code: a notification is a side effect of a scan, an import or a plan, not its outcome.
 */
export async function notifyAndReport(
  ctx: CliContext,
  store: Store,
  targets: readonly NotificationTarget[],
  events: readonly Notification[] | (() => Promise<Notification[]>),
): Promise<DeliveryReport[]> {
  if (targets.length === 0) return [];
  try {
    const list = typeof events === 'function' ? await events() : events;
    const reports = await notify(store, targets, list, { now: () => ctx.clock.now(), log: ctx.log });
    for (const line of deliveryLines(reports)) process.stderr.write(`${terminalText(line)}\n`);
    return reports;
  } catch (error) {
    process.stderr.write(`${terminalText(`notifications: not sent: ${(error as Error).message}`)}\n`);
    return [];
  }
}

/** A plan was saved: tell the approvers it waits (validate the targets before building it: `notificationTargets`). */
export async function notifyPlanWaiting(
  ctx: CliContext,
  store: Store,
  targets: readonly NotificationTarget[],
  plan: Plan,
): Promise<void> {
  await notifyAndReport(ctx, store, targets, [
    approvalRequestEvent({
      id: plan.id,
      planner: plan.content.planner,
      origin: plan.content.origin,
      items: plan.content.items.length,
      blocked: plan.content.items.filter((i) => i.blocked).length,
    }),
  ]);
}
