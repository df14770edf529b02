import type { FastifyReply } from 'fastify';
import type { VendorFaults } from '../../../emulation/kit/index.js';
import { sfError } from './http.js';

/**
 * Salesforce's answers to the kit's faults: past the daily allocation it answers 403 REQUEST_LIMIT_EXCEEDED (jsforce
 * does not retry it); a server error is 500 UNKNOWN_EXCEPTION; a refusal is 403 INSUFFICIENT_ACCESS (the scanning
 * user lacks the permission) or 404 NOT_FOUND.
 */
export const salesforceFaults: VendorFaults = {
  throttle(reply: FastifyReply) {
    return sfError(reply, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
  },
  serverError(reply: FastifyReply) {
    return sfError(
      reply,
      500,
      'UNKNOWN_EXCEPTION',
      'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
    );
  },
  refuse(reply: FastifyReply, status: 403 | 404) {
    return status === 403
      ? sfError(reply, 403, 'INSUFFICIENT_ACCESS', 'insufficient access rights on object id')
      : sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
  },
};
