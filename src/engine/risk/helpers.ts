import { DAY_MS } from '../../lib/clock.js';
import type { Credential, Evidence, Identity, Permission } from '../../model/index.js';
import type { RuleContext } from './types.js';

/** Whole-and-fractional days from `iso` to the evaluation's now; null when the timestamp is missing or invalid. */
export function daysSince(iso: string | null | undefined, ctx: RuleContext): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
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

export const usageSource = (source: string | null | undefined, i: Identity): string => source ?? `${inventorySource(i)}, usage source unknown`;

export const credentialLabel = (c: Credential, index: number): string => `credentials[${index}]${c.name ? ` (${c.name})` : ''}`;

export const permissionLabel = (p: Permission, index: number): string => `permissions[${index}]`;

export const permissionSource = (p: Permission, i: Identity): string => p.source || inventorySource(i);

/** A string/boolean/number attribute by any of several spellings (connectors use camelCase; some keep vendor names). */
export function attr(attributes: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) {
    if (attributes[n] !== undefined) return attributes[n];
  }
  return undefined;
}

export const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : 'never');

/** Collects evidence entries for every element that matches, or returns null when none does. */
export function collect<T>(items: readonly T[], match: (item: T, index: number) => Evidence | null | undefined): Evidence[] | null {
  let out: Evidence[] | null = null;
  for (let n = 0; n < items.length; n++) {
    const e = match(items[n], n);
    if (e) (out ??= []).push(e);
  }
  return out;
}
