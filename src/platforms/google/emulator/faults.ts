import type { FastifyReply } from 'fastify';
import type { VendorFaults } from '../../../emulation/kit/index.js';
import { googleError } from './http.js';

/**
 * Google's answers to the kit's faults: a throttle is HTTP 429 RESOURCE_EXHAUSTED (reason rateLimitExceeded; the
 * Directory API also sends 403 userRateLimitExceeded, which the connector retries alike); a server error a 500
 * backendError; a refusal 403 PERMISSION_DENIED (the subject lacks the privilege, or the scope is not delegated)
 * or 404 NOT_FOUND.
 */
export const googleFaults: VendorFaults = {
  throttle(reply: FastifyReply, retryAfterSeconds: number) {
    reply.header('retry-after', String(Math.max(0, Math.ceil(retryAfterSeconds))));
    return googleError(reply, 429, 'rateLimitExceeded', "Quota exceeded for quota metric 'Queries'.");
  },
  serverError(reply: FastifyReply) {
    return googleError(reply, 500, 'backendError', 'Internal error encountered.');
  },
  refuse(reply: FastifyReply, status: 403 | 404) {
    if (status === 404) return googleError(reply, 404, 'notFound', 'Resource Not Found');
    return googleError(reply, 403, 'forbidden', 'Not Authorized to access this resource/api');
  },
};
