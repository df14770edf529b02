import { emailChannel } from './email.js';
import { slackChannel } from './slack.js';
import type { Channel } from './types.js';
import { webhookChannel } from './webhook.js';

export type { Channel, SendContext } from './types.js';

/** Every channel, by the id a `notifications:` entry names in `channel:`. */
// biome-ignore lint/suspicious/noExplicitAny: each channel checks its own options; the entry keeps them together
export const CHANNELS: ReadonlyArray<Channel<any>> = [webhookChannel, slackChannel, emailChannel];
export const CHANNEL_IDS = CHANNELS.map((c) => c.id);
