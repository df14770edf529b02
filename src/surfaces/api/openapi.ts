import { z } from 'zod';
import { productVersion } from '../../analysis/risk/formats/product.js';
import { API_PREFIX, type Route } from './route.js';

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

const errorResponse = {
  description: 'error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { type: 'string' }, message: { type: 'string' } },
            required: ['code', 'message'],
          },
        },
      },
    },
  },
};

/** `/identities/:id` → `/api/v1/identities/{id}`. */
export const openApiPath = (path: string) => `${API_PREFIX}${path.replace(/:(\w+)/g, '{$1}')}`;

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const s = json(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: property,
  }));
}

function operation(r: Route) {
  const status = String(r.status ?? 200);
  const content = r.stream
    ? { 'text/event-stream': { schema: { type: 'string' } } }
    : r.contentTypes
      ? Object.fromEntries(
          r.contentTypes.map((t) => [
            t,
            { schema: t === 'application/json' ? json(r.response, 'output') : { type: 'string' } },
          ]),
        )
      : { 'application/json': { schema: json(r.response, 'output') } };
  return {
    summary: r.summary,
    operationId: `${r.method.toLowerCase()}${r.path.replace(/[/:{}-]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    'x-steward-role': r.access,
    ...(r.access === 'public' ? { security: [] } : {}),
    parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
    ...(r.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: json(r.body, 'input') } } } }
      : {}),
    responses: { [status]: { description: 'ok', content }, '4XX': errorResponse },
  };
}

/** The OpenAPI 3.1 document of the route table (zod 4's JSON Schema is 2020-12, the dialect 3.1 uses). */
export function openApiDocument(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = openApiPath(r.path);
    paths[path] = { ...paths[path], [r.method.toLowerCase()]: operation(r) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Steward API', version: productVersion(), description: 'See docs/api.md' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
