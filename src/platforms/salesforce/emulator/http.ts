import type { FastifyReply } from 'fastify';

/** A Salesforce REST error: an array of `{ message, errorCode }` (REST API Developer Guide, "Status Codes and Error Responses"). */
export function sfError(reply: FastifyReply, status: number, errorCode: string, message: string, fields?: string[]) {
  return reply
    .code(status)
    .type('application/json;charset=UTF-8')
    .send([{ message, errorCode, ...(fields ? { fields } : {}) }]);
}

/** Salesforce's 401 for a missing or bad token. */
export const invalidSession = (reply: FastifyReply) =>
  sfError(reply, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');

/** A query on an sObject the org does not have (edition, licence, or a misspelling). */
export const invalidType = (reply: FastifyReply, object: string) =>
  sfError(
    reply,
    400,
    'INVALID_TYPE',
    `sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

export const malformedQuery = (reply: FastifyReply, detail: string) => sfError(reply, 400, 'MALFORMED_QUERY', detail);
