import type { FastifyInstance } from 'fastify';
import { sfError } from '../http.js';
import type { EmulatorState } from '../state.js';

const VERSION = /^v\d{2}\.0$/;

/** The fields this emulator updates on a User (what the remediation actions write); others are refused as read-only. */
const UPDATABLE_USER_FIELDS: Readonly<Record<string, 'boolean'>> = { IsActive: 'boolean' };

/** The JSON object of a PATCH body, or Salesforce's JSON_PARSER_ERROR text. */
function objectOf(body: unknown): Record<string, unknown> | string {
  let parsed: unknown;
  try {
    parsed = typeof body === 'string' ? JSON.parse(body) : body;
  } catch (error) {
    return `Unexpected character in the request body: ${(error as Error).message}`;
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : 'Cannot deserialize instance of User from the request body: a JSON object is expected';
}

/**
 * PATCH /services/data/vXX.X/sobjects/User/{id} (REST API Developer Guide, "Update a Record"): 204 No Content; an
 * unknown id is 404 NOT_FOUND, an unknown field 400 INVALID_FIELD, a read-only one 400
 * INVALID_FIELD_FOR_INSERT_UPDATE, a value of the wrong type 400 JSON_PARSER_ERROR; nothing changes on an error.
 */
export function registerSObjectRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.patch('/services/data/:version/sobjects/User/:id', async (request, reply) => {
    const { version, id } = request.params as { version: string; id: string };
    const user = VERSION.test(version) ? s.data.tables.User.find((u) => u.Id === id) : undefined;
    if (!user) return sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const body = objectOf(request.body);
    if (typeof body === 'string') return sfError(reply, 400, 'JSON_PARSER_ERROR', body);
    for (const [field, value] of Object.entries(body)) {
      if (!(field in user) && !(field in UPDATABLE_USER_FIELDS))
        return sfError(reply, 400, 'INVALID_FIELD', `No such column '${field}' on sobject of type User`);
      if (!(field in UPDATABLE_USER_FIELDS))
        return sfError(
          reply,
          400,
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${field}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          [field],
        );
      if (typeof value !== UPDATABLE_USER_FIELDS[field])
        return sfError(
          reply,
          400,
          'JSON_PARSER_ERROR',
          `Cannot deserialize value of type \`${UPDATABLE_USER_FIELDS[field]}\` from ${JSON.stringify(value)} at [line:1, column:1]`,
        );
    }
    Object.assign(user, body);
    return reply.code(204).send();
  });
}
