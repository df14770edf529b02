import type { FastifyReply } from 'fastify';
import type { VendorFaults } from '../../../emulation/kit/index.js';
import { errorBody, requestId } from './http.js';

/**
 * Okta's answers to the kit's faults: a throttle is HTTP 429 E0000047 with exactly one X-Rate-Limit-Reset header
 * (the only case in which the SDK retries) and remaining 0; a server error is E0000009; a refusal is E0000006
 * (403, the token's admin lacks the permission) or E0000007 (404).
 */
export const oktaFaults: VendorFaults = {
  throttle(reply: FastifyReply, retryAfterSeconds: number) {
    const reset = Math.floor(Date.now() / 1000) + Math.max(0, Math.ceil(retryAfterSeconds));
    reply.header('x-okta-request-id', requestId());
    reply.header('x-rate-limit-limit', '600').header('x-rate-limit-remaining', '0');
    reply.header('x-rate-limit-reset', String(reset));
    return reply.code(429).send(errorBody('E0000047', 'API call exceeded rate limit due to too many requests.'));
  },
  serverError(reply: FastifyReply) {
    reply.header('x-okta-request-id', requestId());
    return reply.code(500).send(errorBody('E0000009', 'Internal Server Error'));
  },
  refuse(reply: FastifyReply, status: 403 | 404) {
    reply.header('x-okta-request-id', requestId());
    return status === 403
      ? reply.code(403).send(errorBody('E0000006', 'You do not have permission to perform the requested action'))
      : reply.code(404).send(errorBody('E0000007', 'Not found: Resource not found: (Resource)'));
  },
};
