import type { FastifyReply } from 'fastify';
import type { VendorFaults } from '../../../emulation/kit/index.js';
import { fail, requestId } from './http.js';

/**
 * Slack's answers to the kit's faults: a throttle is HTTP 429 with Retry-After and `{ ok: false, error: "ratelimited" }`
 * (the SDK waits and retries); a server error is an HTTP 500; a refusal is Slack's HTTP 200 `missing_scope` (403:
 * the token lacks the scope) or an HTTP 404 `unknown_method` (404: the method is not served).
 */
export const slackFaults: VendorFaults = {
  throttle(reply: FastifyReply, retryAfterSeconds: number) {
    reply.header('x-slack-req-id', requestId());
    reply.header('retry-after', String(Math.max(0, Math.ceil(retryAfterSeconds))));
    return reply.code(429).send({ ok: false, error: 'ratelimited' });
  },
  serverError(reply: FastifyReply) {
    reply.header('x-slack-req-id', requestId());
    return reply.code(500).send({ ok: false, error: 'internal_error' });
  },
  refuse(reply: FastifyReply, status: 403 | 404) {
    reply.header('x-slack-req-id', requestId());
    if (status === 404) return reply.code(404).send({ ok: false, error: 'unknown_method' });
    return fail(reply, 'missing_scope', { needed: 'admin.apps:read', provided: 'users:read' });
  },
};
