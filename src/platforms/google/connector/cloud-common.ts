import { InvalidRecordError } from '../../../sync/failure.js';
import { googleId, requireId, requireObject, str, type TransformContext } from './common.js';

export { requireObject, str };
export type CloudTransformContext = TransformContext;

/** The project a record came from: its id (`acme-prod`) and, when known, its number (`123456789012`). */
export interface ProjectRef {
  projectId: string;
  projectNumber: string | null;
}

export const cloudId = googleId;

/** A required string field; a record without it cannot be stored or swept, so it is refused (quarantined). */
export const requireStr = (value: unknown, what: string, field: string): string => requireId(value, what, field);

/**
 * An RFC 3339 time Google sent → ISO-8601 UTC with milliseconds (as the Workspace part stores times); null when
 * absent. A malformed one is refused rather than stored as if it were a time.
 */
export function timestamp(value: unknown, what: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isFinite(ms)) return new Date(ms).toISOString();
  throw new InvalidRecordError(`${what} is not a timestamp in the API response`, null);
}

/** The last segment of a resource name (`…/keys/abc` → `abc`). */
export const leaf = (name: string): string => name.slice(name.lastIndexOf('/') + 1);
