import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { argsOf } from '../http.js';

export type MethodHandler = (args: URLSearchParams, reply: FastifyReply, request: FastifyRequest) => FastifyReply;

/** A Web API method at /api/<method>: POST with a form body (what the SDK sends), or GET with a query. */
export function method(app: FastifyInstance, name: string, handler: MethodHandler): void {
  app.route({
    method: ['GET', 'POST'],
    url: `/api/${name}`,
    handler: async (request, reply) => handler(argsOf(request), reply, request),
  });
}
