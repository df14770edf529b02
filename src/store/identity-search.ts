import { sql } from 'kysely';

/**
 * The one text search over identities (`steward inventory --text`, the API's `q`, the dashboard's search box): a
 * case-insensitive substring of the name or the id. It is a single expression so that PostgreSQL can answer it from
 * one trigram index (migration 010_identity_search) and estimate how many rows match; the space keeps a needle from
 * matching across the end of the name and the start of the id only when the needle itself has a space.
 */
export function identityTextMatches(alias: string, text: string) {
  return identityNeedleMatches(alias, identityTextNeedle(text));
}

/** The LIKE pattern {@link identityTextMatches} binds for a text: a statement compiled once binds it per request. */
export const identityTextNeedle = (text: string): string => `%${text.toLowerCase()}%`;

/** {@link identityTextMatches} with its pattern given ({@link identityTextNeedle}). */
export function identityNeedleMatches(alias: string, needle: string) {
  return sql<boolean>`lower(${sql.ref(`${alias}.name`)} || ' ' || ${sql.ref(`${alias}.id`)}) like ${needle}`;
}
