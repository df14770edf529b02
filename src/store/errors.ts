import { UserError } from '../lib/errors.js';

/**
 * Why a store could not be opened. Every kind is something the user can fix, so the CLI prints the one-line message
 * (no stack) and exits 2 (bad usage / configuration / store):
 * - `usage`: the location itself is wrong (unsupported scheme, malformed URL);
 * - `missing`: a read-only command found no store at that path;
 * - `not-a-store`: the file is not a database, or a database that is not a Steward store;
 * - `read-only`: the store cannot be written (file or folder permissions, read-only medium);
 * - `needs-migration`: a read-only command met a store whose schema is older than this Steward;
 * - `too-new`: the store was written by a newer Steward (it has migrations this one does not know);
 * - `connect`: the PostgreSQL server cannot be reached (refused, unknown host, timeout) or the database is missing;
 * - `auth`: PostgreSQL refused the user name or password.
 */
export type StoreOpenCause =
  | 'usage'
  | 'missing'
  | 'not-a-store'
  | 'read-only'
  | 'needs-migration'
  | 'too-new'
  | 'connect'
  | 'auth';

export class StoreOpenError extends UserError {
  constructor(
    readonly kind: StoreOpenCause,
    message: string,
  ) {
    super(message, 2);
    this.name = 'StoreOpenError';
  }
}
