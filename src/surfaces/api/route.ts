import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from './auth.js';
import type { ApiDeps } from './deps.js';

/** Who may call a route: nobody needs a token for 'public'; each role includes the ones before it. */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type Access = Role | 'public';

export const roleAllows = (held: Role, needed: Role): boolean => ROLES.indexOf(held) >= ROLES.indexOf(needed);

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal | null;
  deps: ApiDeps;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One API route: the single source of the Fastify route, its validation and its OpenAPI operation. `path` is in
 * Fastify's form under /api/v1 (`/identities/:id`); `stream` routes answer Server-Sent Events and write the reply
 * themselves.
 */
export interface Route<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  path: string;
  access: Access;
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType;
  status?: number;
  stream?: boolean;
  /** The media types it answers in (the handler sets the reply's type); default application/json. */
  contentTypes?: string[];
  handler(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Declares a route with its types inferred from its schemas. */
export function route<P = undefined, Q = undefined, B = undefined>(r: Route<P, Q, B>): Route {
  return r as unknown as Route;
}

export const API_PREFIX = '/api/v1';

/** Common schemas. */
export const Limit = z.coerce.number().int().min(1).max(500).default(50);
export const Cursor = z.string().max(2000).optional();
export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: z.number().int().optional() });
