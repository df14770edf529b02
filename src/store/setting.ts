import { z } from 'zod';
import { SecretRef } from '../config/secret.js';
import { registerSecret } from '../lib/logger.js';
import { StoreOpenError } from './errors.js';
import { isPostgresUrl, parseStoreLocation, urlHasPassword } from './location.js';

export const DEFAULT_STORE = '.steward/steward.db';

const INLINE_PASSWORD =
  'the URL carries a password inline; steward.yaml takes it as a secret reference: ' +
  'store: { url: "postgres://user@host/db", password: { env: VARIABLE } } (or password: { file: /path/to/file })';

/** Checks a location's form (scheme, URL syntax) and refuses an inline password; adds an issue and returns false. */
function checkLocation(location: string, ctx: z.RefinementCtx, path: string[]): boolean {
  try {
    parseStoreLocation(location);
  } catch (error) {
    if (!(error instanceof StoreOpenError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message, path });
    return false;
  }
  if (isPostgresUrl(location) && urlHasPassword(location)) {
    ctx.addIssue({ code: 'custom', message: INLINE_PASSWORD, path });
    return false;
  }
  return true;
}

/**
 * `store:` in steward.yaml. Either a location string (a SQLite file path, a `file:` URL, or a `postgres://` URL
 * without a password: the server may trust the user, or pg reads PGPASSWORD / ~/.pgpass), or
 * `{ url: postgres://user@host/db, password: { env: VAR } | { file: PATH } }`. An inline password is refused, as
 * tenant secrets are. Parses to one location string (the password, URL-encoded, put into the URL and registered
 * for redaction), which is what `openStore` and the job queue take.
 */
const StoreObject = z.object({ url: z.string().min(1), password: SecretRef.optional() }).strict();

export const StoreSetting = z.unknown().transform((value, ctx): string => {
  if (typeof value === 'string') return checkLocation(value, ctx, []) ? value : z.NEVER;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'expected a store location (a file path, a file: URL or a postgres:// URL) or { url: postgres://user@host/db, password: { env: VARIABLE } }',
    });
    return z.NEVER;
  }
  const parsed = StoreObject.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  const { url, password } = parsed.data;
  if (!checkLocation(url, ctx, ['url'])) return z.NEVER;
  if (password === undefined) return url;
  if (!isPostgresUrl(url)) {
    ctx.addIssue({ code: 'custom', message: 'a password applies to a postgres:// store only', path: ['password'] });
    return z.NEVER;
  }
  let withPassword: URL;
  try {
    withPassword = new URL(url);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'with a password, give the host in the URL', path: ['url'] });
    return z.NEVER;
  }
  withPassword.password = encodeURIComponent(password);
  registerSecret(withPassword.password);
  return withPassword.toString();
});
