import { identityId, type OwnerClaim } from '../../../model/index.js';
import { InvalidRecordError } from '../../../sync/failure.js';

/** What a pure transform may know besides the raw object: the tenant (workspace or Enterprise Grid org name). */
export interface TransformContext {
  tenant: string;
}

export const slackId = (t: TransformContext, nativeType: string, nativeId: string): string =>
  identityId('slack', t.tenant, nativeType, nativeId);

/** Slack's epoch seconds (a number, or a string in team.integrationLogs) → ISO-8601 UTC with ms; else null. */
export function epoch(value: number | string | null | undefined): string | null {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return null;
  return new Date(seconds * 1000).toISOString();
}

/** The id of a vendor object; a record without one cannot be stored or swept, so it is refused (quarantined). */
export function requireId(value: unknown, what: string, field = 'id'): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new InvalidRecordError(`${what} without ${field} in the API response`, null);
}

/** A raw record must be an object to be read at all. */
export function requireObject<T>(raw: T, what: string): NonNullable<T> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as NonNullable<T>;
  throw new InvalidRecordError(`${what} is not an object in the API response`, null);
}

/** A string field, or null. */
export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A boolean field, or null when Slack did not send one. */
export const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

/** A claim naming a Slack user by id (resolved against the `slack` people source). */
export function userClaim(
  userId: string | null | undefined,
  source: OwnerClaim['source'],
  confidence: number,
  evidence: string,
): OwnerClaim[] {
  return userId ? [{ ref: userId, refType: 'native_user_id', source, confidence, evidence }] : [];
}
