import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Graph's innerError: when and which request (Graph dates carry no fractional seconds here). */
function innerError(requestId: string, clientRequestId: string) {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, ''),
    'request-id': requestId,
    'client-request-id': clientRequestId,
  };
}

/** Graph's error body: {error:{code,message,innerError:{date,request-id,client-request-id}}}. */
export function graphError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  const requestId = randomUUID();
  const clientRequestId =
    typeof request.headers['client-request-id'] === 'string' ? request.headers['client-request-id'] : requestId;
  return reply
    .code(status)
    .header('request-id', requestId)
    .header('client-request-id', clientRequestId)
    .header('content-type', 'application/json')
    .send({ error: { code, message, innerError: innerError(requestId, clientRequestId) } });
}

export function notFound(request: FastifyRequest, reply: FastifyReply, id: string): FastifyReply {
  return graphError(
    request,
    reply,
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** A fault the emulator kit injects (429 with Retry-After, or 503), with Graph's body. */
function faultReply(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const rid = randomUUID();
  return reply
    .code(status)
    .header('request-id', rid)
    .header('content-type', 'application/json')
    .send({ error: { code, message, innerError: innerError(rid, rid) } });
}

export const graphFaults = {
  throttle: (reply: FastifyReply, retryAfter: number) =>
    faultReply(
      reply.header('retry-after', String(retryAfter)),
      429,
      'TooManyRequests',
      'Too many requests. Please retry after the time specified in the Retry-After header.',
    ),
  serverError: (reply: FastifyReply) =>
    faultReply(reply, 503, 'serviceNotAvailable', 'The service is temporarily unavailable. Please retry.'),
};
