import { epoch, str } from './common.js';
import type { SlackAuditEntry } from './wire.js';

/** The Audit Logs API action the connector asks for: an app installed on a workspace or the org. */
export const INSTALL_ACTION = 'app_installed';

/** Who installed an app last, and when (ISO). */
export interface Install {
  userId: string | null;
  at: string | null;
}

/**
 * Pure: app_installed entries (any order) → the latest install of each app by app id. A reinstall names who put the
 * app there now. Entries of other actions or without an app id are not installs.
 */
export function installsOf(entries: Iterable<SlackAuditEntry>): Map<string, Install> {
  const latest = new Map<string, { seconds: number; install: Install }>();
  for (const e of entries) {
    const appId = str(e?.entity?.app?.id);
    if (!appId || e.action !== INSTALL_ACTION) continue;
    const seconds = typeof e.date_create === 'number' ? e.date_create : 0;
    const known = latest.get(appId);
    if (known && known.seconds > seconds) continue;
    const userId = e.actor?.type === 'user' ? str(e.actor.user?.id) : null;
    latest.set(appId, { seconds, install: { userId, at: epoch(seconds) } });
  }
  return new Map([...latest].map(([id, v]) => [id, v.install]));
}
