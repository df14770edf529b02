import type { GroupIndex } from './groups.js';
import type { PolicyIndex } from './managed-policies.js';

/** What every identity transform of one account needs besides the vendor item itself. */
export interface TransformContext {
  tenant: string;
  accountId: string;
  now: Date;
  staleDays: number;
  policies: PolicyIndex;
  groups: GroupIndex;
}

export const REPORT_SOURCE = 'credential report';
const DAY_MS = 86_400_000;

export const iso = (d: Date | string | undefined | null) =>
  d === undefined || d === null ? null : new Date(d).toISOString();
export const maxIso = (values: Array<string | null | undefined>) =>
  values.reduce<string | null>((a, b) => (b && (a === null || b > a) ? b : a), null);

/** Console password use within staleDays on an NHI is evidence a human uses it. */
export function humanUseEvidence(ctx: TransformContext, lastUsed: string | null, what: string): string | null {
  if (!lastUsed) return null;
  return ctx.now.getTime() - Date.parse(lastUsed) <= ctx.staleDays * DAY_MS
    ? `${what} console sign-in at ${lastUsed} (credential report password_last_used)`
    : null;
}
