import type { OwnerClaim } from '../../../model/index.js';
import { identityId } from '../../../model/index.js';

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

/**
 * A webhook URL made safe to store and show: scheme, host, port and path only. Userinfo, query and fragment are
 * dropped because they often carry tokens (…?token=…), and path segments of 16+ characters are masked because
 * some receivers put the secret in the path (Slack-style `/services/T…/B…/<secret>`).
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
            .map((s) => (s.length >= 16 ? '****' : s))
            .join('/');
    return `${u.protocol}//${u.host}${path}`;
  } catch {
    return '(invalid url)';
  }
}
