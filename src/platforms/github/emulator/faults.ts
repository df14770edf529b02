import type { FastifyReply } from 'fastify';
import type { VendorFaults } from '../../../emulation/kit/index.js';
import { errorBody } from './http.js';

const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

function primaryLimit(reply: FastifyReply, wait: number, nowS: number) {
  reply.header('x-ratelimit-limit', '5000').header('x-ratelimit-remaining', '0').header('x-ratelimit-used', '5000');
  reply.header('x-ratelimit-reset', String(nowS + wait)).header('x-ratelimit-resource', 'core');
  return reply
    .code(403)
    .send(
      errorBody(
        'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.',
        403,
        `${RATE_DOCS}#about-primary-rate-limits`,
      ),
    );
}

function secondaryLimit(reply: FastifyReply, wait: number, nowS: number) {
  reply.header('retry-after', String(Math.max(1, wait)));
  reply.header('x-ratelimit-limit', '5000').header('x-ratelimit-remaining', '4000').header('x-ratelimit-used', '1000');
  reply.header('x-ratelimit-reset', String(nowS + 3600)).header('x-ratelimit-resource', 'core');
  return reply
    .code(429)
    .send(
      errorBody(
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
        429,
        `${RATE_DOCS}#about-secondary-rate-limits`,
      ),
    );
}

/**
 * GitHub's answers to the kit's faults: `throttle` alternates the secondary limit (429 + retry-after) and the
 * primary one (403, x-ratelimit-remaining 0) unless `style` picks one; a server error is a 502.
 */
export function githubFaults(style: 'alternate' | 'primary' | 'secondary' = 'alternate'): VendorFaults {
  let throttles = 0;
  return {
    throttle(reply, retryAfterSeconds) {
      const primary = style === 'primary' || (style === 'alternate' && throttles++ % 2 === 1);
      const wait = Math.max(0, Math.ceil(retryAfterSeconds));
      const nowS = Math.floor(Date.now() / 1000);
      reply.header('x-github-request-id', `EMU:${Date.now().toString(16)}`);
      return primary ? primaryLimit(reply, wait, nowS) : secondaryLimit(reply, wait, nowS);
    },
    serverError(reply) {
      reply.header('x-github-request-id', `EMU:${Date.now().toString(16)}`);
      return reply.code(502).send(errorBody('Server Error', 502));
    },
  };
}
