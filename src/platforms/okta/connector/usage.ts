import type { OktaLogEvent } from './wire.js';

/**
 * Last use from the System Log (bounded requests: `since`..`until` by `published`, ascending). Okta records no
 * last-used time on clients or API tokens; the System Log does: token grants name the client, and every event an
 * SSWS token caused carries `transaction.detail.requestApiTokenId`.
 */
export const CLIENT_USAGE_FILTER =
  'eventType eq "app.oauth2.as.token.grant.access_token" or eventType eq "app.oauth2.token.grant.access_token"';
export const TOKEN_USAGE_FILTER = 'transaction.detail.requestApiTokenId pr';

/** Latest `published` per key, as ISO-8601 UTC with ms. */
export class LastSeen {
  private readonly latest = new Map<string, number>();
  /** Events that could not be read (quarantined): any key's last use may be missing, so none is trusted. */
  unreadable = 0;

  add(key: string | null | undefined, published: string | undefined): void {
    const t = Date.parse(published ?? '');
    if (!key || Number.isNaN(t)) return;
    if (t > (this.latest.get(key) ?? Number.NEGATIVE_INFINITY)) this.latest.set(key, t);
  }

  get(key: string): string | null {
    const t = this.latest.get(key);
    return t === undefined ? null : new Date(t).toISOString();
  }

  get size(): number {
    return this.latest.size;
  }

  /** The table as connector state: `{ key: epoch ms }`. */
  toJSON(): string {
    return JSON.stringify(Object.fromEntries(this.latest));
  }

  /** A table kept by an earlier run; anything unreadable starts empty (the next read is then a whole window). */
  static fromJSON(text: string | undefined): LastSeen | null {
    if (!text) return null;
    try {
      const seen = new LastSeen();
      for (const [key, t] of Object.entries(JSON.parse(text) as Record<string, unknown>))
        if (typeof t === 'number' && Number.isFinite(t)) seen.latest.set(key, t);
      return seen;
    } catch {
      return null;
    }
  }
}

/** The OAuth client a token-grant event is about: `client.id`, else the actor when it is the client itself. */
export function clientOf(event: OktaLogEvent): string | null {
  const id = event?.client?.id;
  if (typeof id === 'string' && id !== '') return id;
  return event?.actor?.type === 'PublicClientApp' && typeof event.actor.id === 'string' ? event.actor.id : null;
}

/** The SSWS API token that made the request an event records, if any. */
export function tokenOf(event: OktaLogEvent): string | null {
  const id = event?.transaction?.detail?.requestApiTokenId;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Okta persists some events after their `published` time: an incremental read starts this far before the last one. */
export const LOG_OVERLAP_MS = 15 * 60_000;

/**
 * The bounded window of the System Log read for last use: from the previous read's `until` (less the overlap) when
 * an earlier run kept one inside the last `days` days, else the whole last `days` days; up to `now`.
 */
export function logWindow(now: Date, days: number, previousUntil?: string): { since: string; until: string } {
  const oldest = now.getTime() - days * 86_400_000;
  const resume = Date.parse(previousUntil ?? '') - LOG_OVERLAP_MS;
  const since = Number.isFinite(resume) && resume > oldest ? resume : oldest;
  return { since: new Date(since).toISOString(), until: now.toISOString() };
}
