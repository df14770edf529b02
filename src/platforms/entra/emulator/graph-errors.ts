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

/** A fault the emulator kit injects (429 with Retry-After, a 500, a refusal), with Graph's body. */
function faultReply(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return graphError(reply.request, reply, status, code, message);
}

/** The object a refused request names (its last GUID segment, else its last segment): Graph's 404 names it. */
function objectOf(reply: FastifyReply): string {
  const segments = (reply.request.url.split('?')[0] ?? '').split('/').filter(Boolean);
  return [...segments].reverse().find((s) => /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s)) ?? segments.at(-1) ?? '';
}

export const graphFaults = {
  throttle: (reply: FastifyReply, retryAfter: number) =>
    faultReply(
      reply.header('retry-after', String(retryAfter)),
      429,
      'TooManyRequests',
      'Too many requests. Please retry after the time specified in the Retry-After header.',
    ),
  /** Graph's 500 (code generalException, from its error-code table): not a throttle, so not retried by the SDK. */
  serverError: (reply: FastifyReply) =>
    faultReply(reply, 500, 'generalException', 'An unspecified error has occurred.'),
  /**
   * Graph's refusals: 403 Authorization_RequestDenied when the app lacks the permission (Microsoft's own example
   * body), 404 Request_ResourceNotFound for an object that is not there.
   */
  refuse: (reply: FastifyReply, status: 403 | 404) =>
    status === 403
      ? faultReply(reply, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')
      : notFound(reply.request, reply, objectOf(reply)),
};
