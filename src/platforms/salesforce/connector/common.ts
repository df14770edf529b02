import { identityId, type OwnerClaim } from '../../../model/index.js';
import { InvalidRecordError } from '../../../sync/failure.js';

/** What a pure transform may know besides the raw record: the tenant (the org's My Domain name). */
export interface TransformContext {
  tenant: string;
  /**
   * Users that are no person (integration users by profile or licence): a claim naming one would resolve to
   * nobody and read as a departed owner, so none is made.
   */
  notPeople?: ReadonlySet<string>;
}

/** Where last use comes from, for evidence (lastUsedSource). */
export const OAUTH_TOKEN_SOURCE = 'salesforce OauthToken.LastUsedDate';
export const LOGIN_HISTORY_SOURCE = 'salesforce login history';

export const sfId = (t: TransformContext, nativeType: string, nativeId: string): string =>
  identityId('salesforce', t.tenant, nativeType, nativeId);

/** Salesforce datetimes (`2024-06-01T07:12:00.000+0000`) → ISO-8601 UTC with ms; null/empty/invalid → null. */
export function iso(value: string | null | undefined): string | null {
  if (value == null || value === '') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** A record's id; a record without one cannot be stored or swept, so it is refused (quarantined). */
export function requireId(value: unknown, what: string, field = 'Id'): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new InvalidRecordError(`${what} without ${field} in the API response`, null);
}

/** A record must be an object (a malformed list item is quarantined, not half read). */
export function requireRecord<T>(raw: T, what: string): NonNullable<T> {
  if (raw && typeof raw === 'object') return raw as NonNullable<T>;
  throw new InvalidRecordError(`${what} is not a record in the API response`, null);
}

export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
export const bool = (value: unknown): boolean => value === true;

/** A claim naming a Salesforce user by id (resolved against the `salesforce` people source). */
export function userClaim(
  t: TransformContext,
  userId: string | null | undefined,
  source: OwnerClaim['source'],
  evidence: string,
): OwnerClaim[] {
  if (!userId || t.notPeople?.has(userId)) return [];
  return [{ ref: userId, refType: 'native_user_id', source, confidence: 0.6, evidence }];
}
