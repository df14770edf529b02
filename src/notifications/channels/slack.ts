import { z } from 'zod';
import { SecretRef } from '../../config/secret.js';
import { capWidth, slackText } from '../../lib/output-safety.js';
import { post } from '../http.js';
import { type OutgoingMessage, safeLink } from '../message.js';
import type { Channel } from './types.js';

/**
 * A Slack-compatible incoming webhook (Slack, and the chat tools that accept its payload). The webhook URL is the
 * credential — whoever holds it can post — so it is a secret reference and never appears in errors or logs.
 */
export const SlackOptions = z
  .object({
    url: SecretRef.pipe(z.url({ protocol: /^https?$/, error: 'the webhook URL is not an http(s) URL' })),
  })
  .strict();
export type SlackOptions = z.infer<typeof SlackOptions>;

/** Block Kit limits: a header's text, a section's text, blocks per message. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

const plain = (text: string, max: number) => ({ type: 'plain_text', text: capWidth(text, max), emoji: false });

/**
 * The payload: `text` (the notification and fallback, with `mrkdwn: false`) and Block Kit blocks whose every vendor
 * text is a `plain_text` object. All of it is escaped by `slackText`, so no vendor name can mention, link or format.
 */
export function slackPayload(message: OutgoingMessage): Record<string, unknown> {
  const title = slackText(message.title);
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: plain(title, HEADER_MAX) }];
  for (const item of message.items) {
    const lines = [`[${item.severity}] ${slackText(item.title)}`, ...item.lines.map((l) => slackText(l))];
    blocks.push({ type: 'section', text: plain(lines.join('\n'), SECTION_MAX) });
    const link = safeLink(item.link);
    // Our own link, in the one mrkdwn element: `<URL|label>` with the URL's own & < > escaped.
    if (link) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${slackText(link)}|Open>` }] });
  }
  if (message.omitted)
    blocks.push({ type: 'context', elements: [plain(`and ${message.omitted} more (not listed)`, SECTION_MAX)] });
  return {
    text: capWidth(`[${message.severity}] ${title}`, SECTION_MAX),
    mrkdwn: false,
    unfurl_links: false,
    unfurl_media: false,
    blocks,
  };
}

export const slackChannel: Channel<SlackOptions> = {
  id: 'slack',
  options: SlackOptions,
  async send(options, message, ctx) {
    await post(options.url, {
      body: JSON.stringify(slackPayload(message)),
      timeoutMs: ctx.timeoutMs,
      describe: 'chat webhook',
      headers: { 'content-type': 'application/json', 'user-agent': 'steward-notifications' },
    });
  },
};
