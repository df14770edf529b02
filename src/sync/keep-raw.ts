import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { redactSecrets } from './redact.js';

/** Raw pages hold vendor data (names, e-mails, permissions): folders 0700 and files 0600, readable by their owner only. */
export const RAW_DIR_MODE = 0o700;
export const RAW_FILE_MODE = 0o600;

/**
 * Writes each raw vendor page as one JSON line per resource: DIR/<platform>/<tenant>/<run>/<resource>.jsonl.
 * Every page is redacted first (src/sync/redact.ts): the connector's `secretFields`, generic secret field names and
 * token shapes never reach the file, so a kept folder can be shared for a replay without leaking a credential.
 */
export function rawKeeper(
  dir: string | undefined,
  platform: string,
  tenant: string,
  runId: string,
  secretFields: readonly string[] = [],
): (resource: string, page: unknown) => void {
  if (!dir) return () => {};
  const base = join(dir, platform, tenant.replace(/[^A-Za-z0-9._-]/g, '_'), runId);
  // Every folder this creates (DIR itself included when new) gets the mode; existing folders are left as they are.
  mkdirSync(base, { recursive: true, mode: RAW_DIR_MODE });
  return (resource, page) => {
    appendFileSync(
      join(base, `${resource.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`),
      `${JSON.stringify(redactSecrets(page, secretFields))}\n`,
      {
        mode: RAW_FILE_MODE,
      },
    );
  };
}
