import type { OwnerClaim } from '../../../model/index.js';
import { identityId } from '../../../model/index.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { REDACTED } from '../../../sync/redact.js';

/** What a pure transform may know besides the raw object: the org (tenant) and, for repo-scoped NHIs, the repo. */
export interface TransformContext {
  org: string;
  repo?: { name: string; full_name: string };
}

export const githubId = (ctx: TransformContext, nativeType: string, nativeId: string | number): string =>
  identityId('github', ctx.org, nativeType, nativeId);

/** A list field of a vendor payload (absent = empty); anything but a list is an error naming object and field. */
export function listField<T>(value: T[] | null | undefined, what: string, field: string): T[] {
  if (value == null) return [];
  if (!Array.isArray(value)) throw new Error(`${what}: ${field} is not a list (${typeof value}) in the API response`);
  return value;
}

/**
 * The id of a vendor object (a number, or a non-empty string such as a secret's name). A record without one cannot
 * be stored or swept by its id: the transform refuses it, and the source quarantines the record.
 */
export function requireId(value: unknown, what: string, field = 'id'): string | number {
  if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== ''))
    return value;
  throw new InvalidRecordError(`${what} without ${field} in the API response`, null);
}

/**
 * The `name: level` pairs of a GitHub permissions object (`installation.permissions`, a PAT's
 * `permissions.repository`). Only string levels are permissions: `{"contents": 5}`, `null` or a list is not one, and
 * reading it as one would invent access GitHub never reported.
 */
export function permissionLevels(value: unknown): Array<[string, string]> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
}

/** The strings of a list field (`events`, `scopes`); anything else in it is not an event or scope and is left out. */
export function stringList(value: unknown, what: string, field: string): string[] {
  return listField(value as unknown[] | null, what, field).filter((x): x is string => typeof x === 'string');
}

/** Vendor timestamps (any offset, with or without ms) → ISO-8601 UTC with ms; null/empty/invalid → null. */
export function iso(value: string | null | undefined): string | null {
  if (value == null || value === '') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function loginClaim(
  login: string | null | undefined,
  source: OwnerClaim['source'],
  evidence: string,
  confidence = 0.9,
): OwnerClaim[] {
  return login ? [{ ref: login, refType: 'login', source, confidence, evidence }] : [];
}

/** What the redaction of cached pages leaves of a secret in a path (src/sync/redact.ts), plain or URL-encoded. */
const REDACTED_SEGMENTS = new Set([REDACTED, encodeURI(REDACTED)]);

/**
 * A webhook URL made safe to store and show: scheme, host, port and path only. Userinfo, query and fragment are
 * dropped because they often carry tokens (…?token=…), and path segments of 16+ characters are masked because
 * some receivers put the secret in the path (Slack-style `/services/T…/B…/<secret>`) — as is a segment already
 * redacted, so a cached page gives the same URL as the page it was (conditional.ts).
 */
export function safeUrl(raw: string | undefined | null): string {
  if (!raw) return '';
  try {
    const u = new URL(raw);
    const path =
      u.pathname === '/'
        ? ''
        : u.pathname
            .split('/')
            .map((s) => (s.length >= 16 || REDACTED_SEGMENTS.has(s) ? '****' : s))
            .join('/');
    return `${u.protocol}//${u.host}${path}`;
  } catch {
    return '(invalid url)';
  }
}
