import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { registerSecret } from '../lib/logger.js';
import { StoreOpenError } from './errors.js';

/**
 * Where a store lives, parsed strictly. Accepted forms:
 * - a file path (`.steward/steward.db`, `/var/lib/steward.db`, `C:\steward.db`) or `:memory:`: a SQLite file;
 * - a `file:` URL (`file:///var/lib/steward.db`, `file:store.db`): a SQLite file;
 * - a `postgres://` or `postgresql://` URL: a PostgreSQL database.
 * Anything else with a scheme (`postgress://`, `mysql://`, `sqlite://`, `http://`) is refused: it is never taken
 * for a local file name.
 */
export type StoreLocation = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export const ACCEPTED_STORE_FORMS = 'a file path, a file: URL, or a postgres:// / postgresql:// URL';

/** A scheme of two characters or more (one letter followed by ':' is a Windows drive, i.e. a path). */
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location.trim());
}

/**
 * Removes every password from a text that may contain a store URL (a location, or an error message echoing one):
 * the userinfo password whatever it holds (an unencoded '@' or ':' included: everything between the user name and
 * the last '@' of the URL goes), and `password=` / `sslpassword=` query parameters wherever they are. Over-redacts
 * rather than leaks. Used everywhere a store location is printed.
 */
export function redactStoreUrl(text: string): string {
  return text
    .replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s"'<>]*)/g, (_m, scheme: string, rest: string) => {
      const at = rest.lastIndexOf('@');
      if (at < 0) return scheme + rest;
      const userinfo = rest.slice(0, at);
      const colon = userinfo.indexOf(':');
      if (colon < 0) return scheme + rest;
      return `${scheme}${userinfo.slice(0, colon)}:****${rest.slice(at)}`;
    })
    .replace(/([?&](?:ssl)?password=)[^&\s#"']*/gi, '$1****');
}

/** @deprecated the old name of {@link redactStoreUrl}. */
export const redactUrl = redactStoreUrl;

/** Whether a PostgreSQL URL carries a password (in its userinfo or as a `password=` parameter). */
export function urlHasPassword(url: string): boolean {
  if (/[?&](?:ssl)?password=/i.test(url)) return true;
  const rest = url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  const at = rest.lastIndexOf('@');
  return at >= 0 && rest.slice(0, at).includes(':');
}

/** Parses a PostgreSQL URL as the pg driver does (WHATWG URL; an empty host is allowed for `?host=` sockets). */
function parsePgUrl(location: string): URL | null {
  try {
    return new URL(location);
  } catch {
    try {
      return new URL(location.replace('@/', '@___DUMMY___/'));
    } catch {
      return null;
    }
  }
}

/** The scheme error: names the scheme, the accepted forms, and a likely meant one. */
function unsupportedScheme(location: string, scheme: string): StoreOpenError {
  const lower = scheme.toLowerCase();
  const hint = /^postgr|^postgs|^pgsql$|^pg$|^psql$/.test(lower)
    ? ' (did you mean postgres://?)'
    : lower === 'sqlite' || lower === 'sqlite3'
      ? ' (for a SQLite file, give its path or a file: URL)'
      : '';
  return new StoreOpenError(
    'usage',
    `store location ${redactStoreUrl(location)} uses the unsupported scheme "${scheme}:"${hint}; accepted: ${ACCEPTED_STORE_FORMS} (a file name containing ':' can be written ./name)`,
  );
}

/**
 * Parses a store location strictly (see {@link StoreLocation}); registers any password in it for log redaction.
 * Throws a {@link StoreOpenError} of kind `usage` for an empty location, an unknown scheme or a malformed URL.
 */
export function parseStoreLocation(raw: string, cwd = process.cwd()): StoreLocation {
  const location = raw.trim();
  if (!location) throw new StoreOpenError('usage', `the store location is empty; accepted: ${ACCEPTED_STORE_FORMS}`);
  if (location === ':memory:') return { engine: 'sqlite', file: location };
  const scheme = SCHEME.exec(location)?.[1];
  if (!scheme) return { engine: 'sqlite', file: resolve(cwd, location) };
  const lower = scheme.toLowerCase();
  if (lower === 'postgres' || lower === 'postgresql') {
    const url = location.startsWith(`${scheme}://`) ? parsePgUrl(location) : null;
    if (!url)
      throw new StoreOpenError(
        'usage',
        `store location ${redactStoreUrl(location)} is not a valid PostgreSQL URL (expected postgres://user@host[:port]/database)`,
      );
    for (const pw of [url.password, url.searchParams.get('password') ?? '']) {
      if (!pw) continue;
      registerSecret(pw);
      try {
        registerSecret(decodeURIComponent(pw));
      } catch {
        // not percent-encoded: registered as is above
      }
    }
    return { engine: 'postgres', url: location };
  }
  if (lower === 'file') {
    try {
      const url = new URL(location, pathToFileURL(`${resolve(cwd)}/`));
      if (url.search || url.hash) throw new Error('query');
      return { engine: 'sqlite', file: fileURLToPath(url) };
    } catch {
      throw new StoreOpenError(
        'usage',
        `store location ${redactStoreUrl(location)} is not a valid file: URL (expected file:///path/to/steward.db, without ?parameters)`,
      );
    }
  }
  throw unsupportedScheme(location, scheme);
}
