import { identityId, type OwnerClaim } from '../../../model/index.js';
import { InvalidRecordError } from '../../../sync/failure.js';

/** What a pure transform may know besides the raw object: the tenant (the org's subdomain). */
export interface TransformContext {
  tenant: string;
}

/** Where last use comes from, for evidence (lastUsedSource). */
export const SYSTEM_LOG_SOURCE = 'okta system log';

export const oktaId = (t: TransformContext, nativeType: string, nativeId: string): string =>
  identityId('okta', t.tenant, nativeType, nativeId);

/** Vendor timestamps (any offset, with or without ms) → ISO-8601 UTC with ms; null/empty/invalid → null. */
export function iso(value: string | null | undefined): string | null {
  if (value == null || value === '') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The id of a vendor object; a record without one cannot be stored or swept, so it is refused (quarantined). */
export function requireId(value: unknown, what: string, field = 'id'): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new InvalidRecordError(`${what} without ${field} in the API response`, null);
}

/** The strings of a list field; absent = empty, anything but a list is an error naming object and field. */
export function stringList(value: unknown, what: string, field: string): string[] {
  if (value == null) return [];
  if (!Array.isArray(value)) throw new Error(`${what}: ${field} is not a list (${typeof value}) in the API response`);
  return value.filter((x): x is string => typeof x === 'string');
}

/** A string field, or null. */
export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A claim naming an Okta user by id (resolved against the `okta` people source). */
export function userClaim(userId: string | null | undefined, confidence: number, evidence: string): OwnerClaim[] {
  return userId ? [{ ref: userId, refType: 'native_user_id', source: 'creator', confidence, evidence }] : [];
}
