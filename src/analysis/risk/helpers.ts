import { DAY_MS } from '../../lib/clock.js';
import type { Credential, Evidence, Identity, Permission } from '../../model/index.js';
import type { RuleContext } from './types.js';

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/**
 * Epoch milliseconds of an ISO-8601 timestamp. The store's canonical form (YYYY-MM-DDTHH:MM:SS[.fff]Z) is read
 * directly — several times faster than Date.parse, which matters at a million identities × several dates —
 * and anything else falls back to Date.parse. NaN when invalid.
 */
export function isoMs(s: string): number {
  const n = s.length;
  if (
    n >= 20 &&
    n <= 24 &&
    s.charCodeAt(n - 1) === 90 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58
  ) {
    let ms = 0;
    if (n > 20) {
      if (s.charCodeAt(19) !== 46) return Date.parse(s);
      for (let i = 20, scale = 100; i < n - 1; i++, scale /= 10) ms += digit(s, i) * scale;
    }
    const t = Date.UTC(
      digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3),
      digit(s, 5) * 10 + digit(s, 6) - 1,
      digit(s, 8) * 10 + digit(s, 9),
      digit(s, 11) * 10 + digit(s, 12),
      digit(s, 14) * 10 + digit(s, 15),
      digit(s, 17) * 10 + digit(s, 18),
      Math.floor(ms),
    );
    return Number.isNaN(t) ? Date.parse(s) : t;
  }
  return Date.parse(s);
}

/** Whole-and-fractional days from `iso` to the evaluation's now; null when the timestamp is missing or invalid. */
export function daysSince(iso: string | null | undefined, ctx: RuleContext): number | null {
  if (!iso) return null;
  const t = isoMs(iso);
  return Number.isNaN(t) ? null : (ctx.nowMs - t) / DAY_MS;
}

/** Days from now until `iso` (negative when in the past); null when missing. */
export function daysUntil(iso: string | null | undefined, ctx: RuleContext): number | null {
  const d = daysSince(iso, ctx);
  return d === null ? null : -d;
}

export const ev = (field: string, value: unknown, source: string): Evidence => ({ field, value, source });

/** Where an identity's inventory facts came from when the connector did not say more. */
export const inventorySource = (i: Identity): string => `${i.platform} inventory (${i.nativeType})`;

export const usageSource = (source: string | null | undefined, i: Identity): string =>
  source ?? `${inventorySource(i)}, usage source unknown`;

export const credentialLabel = (c: Credential, index: number): string =>
  `credentials[${index}]${c.name ? ` (${c.name})` : ''}`;

export const permissionLabel = (_p: Permission, index: number): string => `permissions[${index}]`;

export const permissionSource = (p: Permission, i: Identity): string => p.source || inventorySource(i);

export const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : 'never');

/** Collects evidence entries for every element that matches, or returns null when none does. */
export function collect<T>(
  items: readonly T[],
  match: (item: T, index: number) => Evidence | null | undefined,
): Evidence[] | null {
  let out: Evidence[] | null = null;
  for (let n = 0; n < items.length; n++) {
    const e = match(items[n], n);
    if (!e) continue;
    out ??= [];
    out.push(e);
  }
  return out;
}
