import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Writes each raw vendor page as one JSON line per resource: DIR/<platform>/<tenant>/<run>/<resource>.jsonl */
export function rawKeeper(
  dir: string | undefined,
  platform: string,
  tenant: string,
  runId: string,
): (resource: string, page: unknown) => void {
  if (!dir) return () => {};
  const base = join(dir, platform, tenant.replace(/[^A-Za-z0-9._-]/g, '_'), runId);
  mkdirSync(base, { recursive: true });
  return (resource, page) => {
    appendFileSync(join(base, `${resource.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`), `${JSON.stringify(page)}\n`);
  };
}
