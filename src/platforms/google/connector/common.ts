import { identityId, type OwnerClaim } from '../../../model/index.js';
import { InvalidRecordError } from '../../../sync/failure.js';

/** What a pure transform may know besides the raw object: the tenant (the Workspace customer's name in Steward). */
export interface TransformContext {
  tenant: string;
}

export const googleId = (t: TransformContext, nativeType: string, nativeId: string): string =>
  identityId('google', t.tenant, nativeType, nativeId);

/** The id of a vendor object; a record without one cannot be stored or swept, so it is refused (quarantined). */
export function requireId(value: unknown, what: string, field = 'id'): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new InvalidRecordError(`${what} without ${field} in the API response`, null);
}

/** A raw record must be an object to be read at all. */
export function requireObject<T>(raw: T, what: string): NonNullable<T> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as NonNullable<T>;
  throw new InvalidRecordError(`${what} is not an object in the API response`, null);
}

export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

/** An RFC 3339 time as Google sends it → ISO-8601 UTC with milliseconds; null when absent or not a time. */
export function iso(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** A claim naming a Workspace user by primary email (resolved against the `google` people source and others). */
export function emailClaim(
  email: string | null | undefined,
  source: OwnerClaim['source'],
  confidence: number,
  evidence: string,
): OwnerClaim[] {
  return email ? [{ ref: email.toLowerCase(), refType: 'email', source, confidence, evidence }] : [];
}
