import { z } from 'zod';
import { Severity } from '../model/index.js';
import { CHANNELS, CHANNEL_IDS, type Channel } from './channels/index.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './message.js';

/** A `notifications:` entry of steward.yaml, validated, its secret references resolved. */
export interface NotificationTarget {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: the options belong to the channel beside them
  channel: Channel<any>;
  options: unknown;
  on: NotificationKind[];
  minSeverity: Severity;
  retries: number;
  timeoutMs: number;
}

/** The keys every entry has; the others belong to its channel. */
const Common = z
  .object({
    name: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-" only'),
    channel: z.string().refine((c) => CHANNEL_IDS.includes(c), { error: `expected one of ${CHANNEL_IDS.join(', ')}` }),
    on: z.array(z.enum(NOTIFICATION_KINDS)).min(1, `list at least one of ${NOTIFICATION_KINDS.join(', ')}`),
    minSeverity: Severity.default('info'),
    /** Attempts after the first on 429, 5xx, timeouts and connection errors. */
    retries: z.number().int().min(0).max(10).default(3),
    timeoutSeconds: z.number().int().min(1).max(120).default(10),
  })
  .strict();
const COMMON_KEYS = Object.keys(Common.shape);

const split = (raw: Record<string, unknown>) => {
  const common: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) (COMMON_KEYS.includes(k) ? common : own)[k] = v;
  return { common, own };
};

/** One entry: the common keys, then the channel's own options (which resolves its secrets). */
const Entry = z.record(z.string(), z.unknown()).transform((raw, ctx): NotificationTarget => {
  const { common, own } = split(raw);
  const base = Common.safeParse(common);
  if (!base.success) {
    for (const issue of base.error.issues)
      ctx.addIssue({ ...issue, code: 'custom', path: issue.path as PropertyKey[] });
    return z.NEVER;
  }
  const channel = CHANNELS.find((c) => c.id === base.data.channel) as Channel<unknown>;
  const options = channel.options.safeParse(own);
  if (!options.success) {
    for (const issue of options.error.issues) {
      const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [issue.keys[0]] : issue.path;
      const message = issue.code === 'unrecognized_keys' ? `not an option of the ${channel.id} channel` : issue.message;
      ctx.addIssue({ code: 'custom', message, path: path as PropertyKey[] });
    }
    return z.NEVER;
  }
  const { timeoutSeconds, ...rest } = base.data;
  return { ...rest, channel, options: options.data, timeoutMs: timeoutSeconds * 1000 };
});

/** The `notifications:` list: entries as above, names unique. */
export const NotificationsConfig = z.array(Entry).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((n, i) => {
    if (seen.has(n.name))
      ctx.addIssue({ code: 'custom', message: `another notification is named ${n.name}`, path: [i, 'name'] });
    seen.add(n.name);
  });
});
