import type { z } from 'zod';
import type { OutgoingMessage } from '../message.js';

export interface SendContext {
  timeoutMs: number;
  now: () => Date;
}

/**
 * A way to deliver a message. `options` validates the channel's part of a `notifications:` entry in steward.yaml
 * (secret references resolved); `send` throws a DeliveryError when the receiver did not take the message.
 */
export interface Channel<Options> {
  id: string;
  options: z.ZodType<Options>;
  send(options: Options, message: OutgoingMessage, ctx: SendContext): Promise<void>;
}
