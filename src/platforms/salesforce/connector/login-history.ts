import { iso, str } from './common.js';
import { API_LOGIN_TYPES } from './permission-map.js';
import type { SfLoginHistory } from './wire.js';

interface UserLogins {
  lastSuccess: string | null;
  api: number;
  interactive: number;
}

/**
 * Successful logins per user over the window: the latest (last use) and whether any was interactive. Failed
 * logins are no use; a row without UserId or LoginTime is unreadable and counted as such.
 */
export class LoginSummary {
  private readonly byUser = new Map<string, UserLogins>();
  unreadable = 0;

  /** Adds one row; false when it is unreadable. */
  add(raw: SfLoginHistory): boolean {
    const user = str(raw?.UserId);
    const at = iso(raw?.LoginTime);
    if (!user || !at) {
      this.unreadable++;
      return false;
    }
    if (raw.Status !== 'Success') return true;
    const entry = this.byUser.get(user) ?? { lastSuccess: null, api: 0, interactive: 0 };
    if (!entry.lastSuccess || at > entry.lastSuccess) entry.lastSuccess = at;
    if (API_LOGIN_TYPES.has(String(raw.LoginType))) entry.api++;
    else entry.interactive++;
    this.byUser.set(user, entry);
    return true;
  }

  lastLogin(userId: string): string | null {
    return this.byUser.get(userId)?.lastSuccess ?? null;
  }

  /** Logged in over the window, and only ever through the API or OAuth (software, not a person). */
  apiOnly(userId: string): boolean {
    const entry = this.byUser.get(userId);
    return !!entry && entry.api > 0 && entry.interactive === 0;
  }
}
