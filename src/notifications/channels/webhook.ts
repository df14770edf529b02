import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SecretRef } from '../../config/secret.js';
import { toJson } from '../../lib/output-safety.js';
import { post } from '../http.js';
import { type OutgoingMessage, safeLink } from '../message.js';
import type { Channel } from './types.js';

/** Headers of a signed delivery (docs/notifications.md shows how a receiver checks them). */
export const TIMESTAMP_HEADER = 'x-steward-timestamp';
export const SIGNATURE_HEADER = 'x-steward-signature';
export const DELIVERY_HEADER = 'x-steward-delivery';
/** How old a delivery's timestamp may be before a receiver should refuse it as a replay. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

export const WebhookOptions = z
  .object({
    url: HttpUrl,
    /** The HMAC-SHA256 signing key, shared with the receiver. */
    secret: SecretRef,
  })
  .strict();
export type WebhookOptions = z.infer<typeof WebhookOptions>;

/** `v1=` + hex HMAC-SHA256 of `TIMESTAMP.BODY` under the shared key (the scheme Stripe and Slack use for theirs). */
export function signature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A receiver's check: the signature matches and the timestamp is within the tolerance of `now`. */
export function verifySignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  const { timestamp, signature: given } = headers;
  if (!timestamp || !given || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The JSON body: Steward's own event record; vendor text is JSON-escaped (and terminal-safe) by `toJson`. */
export function webhookBody(message: OutgoingMessage): string {
  return toJson(
    {
      type: 'steward.notification',
      id: message.id,
      createdAt: message.createdAt,
      title: message.title,
      severity: message.severity,
      count: message.count,
      omitted: message.omitted,
      items: message.items.map((n) => ({
        kind: n.kind,
        severity: n.severity,
        subject: n.subject,
        title: n.title,
        lines: n.lines,
        link: safeLink(n.link) ?? null,
      })),
    },
    undefined,
  );
}

export const webhookChannel: Channel<WebhookOptions> = {
  id: 'webhook',
  options: WebhookOptions,
  async send(options, message, ctx) {
    const body = webhookBody(message);
    const timestamp = String(Math.floor(ctx.now().getTime() / 1000));
    await post(options.url, {
      body,
      timeoutMs: ctx.timeoutMs,
      describe: `webhook ${new URL(options.url).host}`,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'steward-notifications',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signature(options.secret, timestamp, body),
        [DELIVERY_HEADER]: message.id,
      },
    });
  },
};
