import { type Logger, redact, silentLogger } from '../lib/logger.js';
import { severityRank } from '../model/index.js';
import type { Store } from '../store/index.js';
import type { NotificationTarget } from './config.js';
import { deliveriesOf, deliveryKey, recordAttempt } from './deliveries.js';
import { batchMessage, type Notification, type OutgoingMessage } from './message.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from './retry.js';

export interface NotifyOptions {
  now?: () => Date;
  log?: Logger;
  /** Waits between retries (tests pass a no-op). */
  retry?: Partial<Omit<RetryPolicy, 'retries'>>;
}

/** What happened for one configured notification. */
export interface DeliveryReport {
  notification: string;
  channel: string;
  /** sent, failed, or nothing (no new event for it: everything was already sent, or nothing matched). */
  status: 'sent' | 'failed' | 'nothing';
  /** Events in the message. */
  events: number;
  /** Events left out because they were sent before. */
  alreadySent: number;
  attempts: number;
  error: string | null;
}

/**
 * Sends every configured notification the events it asks for (its `on` kinds, at or above its `minSeverity`) that
 * were not sent to it before: one batched message per notification. Never throws — a receiver that is down, a
 * store that cannot record — so a failed delivery never fails the scan or import that called it; the reports say
 * what happened, and a failed event is tried again by the next run that has it.
 */
export async function notify(
  store: Store,
  targets: readonly NotificationTarget[],
  events: readonly Notification[],
  options: NotifyOptions = {},
): Promise<DeliveryReport[]> {
  const reports: DeliveryReport[] = [];
  for (const target of targets) {
    const wanted = events.filter(
      (e) => target.on.includes(e.kind) && severityRank(e.severity) >= severityRank(target.minSeverity),
    );
    if (wanted.length === 0) continue;
    reports.push(await deliverTo(store, target, wanted, options));
  }
  return reports;
}

async function deliverTo(
  store: Store,
  target: NotificationTarget,
  wanted: readonly Notification[],
  options: NotifyOptions,
): Promise<DeliveryReport> {
  const log = options.log ?? silentLogger;
  const base = { notification: target.name, channel: target.channel.id };
  try {
    const previous = await deliveriesOf(
      store,
      wanted.map((e) => deliveryKey(target.name, e)),
    );
    const fresh = unique(wanted).filter((e) => previous.get(deliveryKey(target.name, e))?.status !== 'sent');
    const alreadySent = unique(wanted).length - fresh.length;
    if (fresh.length === 0) return { ...base, status: 'nothing', events: 0, alreadySent, attempts: 0, error: null };
    const now = options.now ?? (() => new Date());
    const message = batchMessage(fresh, now());
    const outcome = await send(target, message, now, options);
    const error = outcome.error === null ? null : redact(outcome.error);
    await recordAttempt(
      store,
      {
        ...base,
        messageId: message.id,
        events: fresh,
        ok: outcome.ok,
        attempts: outcome.attempts,
        error,
        at: now().toISOString(),
      },
      previous,
    );
    if (!outcome.ok)
      log.warn(`notification ${target.name}: not delivered after ${outcome.attempts} attempt(s): ${error}`);
    return {
      ...base,
      status: outcome.ok ? 'sent' : 'failed',
      events: fresh.length,
      alreadySent,
      attempts: outcome.attempts,
      error,
    };
  } catch (error) {
    const text = redact(`could not record or prepare the delivery: ${(error as Error).message}`);
    log.warn(`notification ${target.name}: ${text}`);
    return { ...base, status: 'failed', events: 0, alreadySent: 0, attempts: 0, error: text };
  }
}

/** Sends one message with the target's retry policy; never throws. */
export function send(
  target: NotificationTarget,
  message: OutgoingMessage,
  now: () => Date,
  options: NotifyOptions = {},
) {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry, retries: target.retries };
  return withRetries(() => target.channel.send(target.options, message, { timeoutMs: target.timeoutMs, now }), policy);
}

/** The same event passed twice in one call is one event. */
function unique(events: readonly Notification[]): Notification[] {
  const seen = new Map<string, Notification>();
  for (const e of events) seen.set(`${e.kind}\n${e.subject}`, e);
  return [...seen.values()];
}
