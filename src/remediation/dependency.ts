import type { Identity } from '../model/index.js';
import type { ActionTarget } from './action.js';

/**
 * The dependency check: is the credential (or identity) an action would cut still in use? Recent use blocks a
 * disruptive action; so does usage nobody could read (unknown is not empty: a last-use source that did not answer,
 * or none at all, never reads as "unused"). `--force --reason` lets a blocked item through, and says so in the plan.
 */

export type UsageStatus = 'recent' | 'not-recent' | 'never' | 'unknown';

export interface UsageCheck {
  status: UsageStatus;
  lastUsedAt: string | null;
  /** Where the last-use date comes from, as the connector recorded it. */
  source: string | null;
  /** One sentence for the plan. */
  detail: string;
}

export const DEFAULT_DEPENDENCY_DAYS = 30;

export function checkUsage(identity: Identity, target: ActionTarget, now: Date, days: number): UsageCheck {
  const credential = target.credentialId ? identity.credentials.find((c) => c.id === target.credentialId) : undefined;
  const subject = credential ?? identity;
  const what = credential ? 'credential' : 'identity';
  const staleField = credential ? 'credentials' : 'lastUsedAt';
  const stale = identity.stale.find((s) => s.field === staleField);
  const { lastUsedAt, lastUsedSource: source } = subject;
  if (stale)
    return {
      status: 'unknown',
      lastUsedAt,
      source,
      detail: `last use unknown: ${stale.source} did not answer in the last scan`,
    };
  if (lastUsedAt) {
    const ageDays = (now.getTime() - Date.parse(lastUsedAt)) / 86_400_000;
    const recent = ageDays < days;
    return {
      status: recent ? 'recent' : 'not-recent',
      lastUsedAt,
      source,
      detail: `${what} last used ${lastUsedAt.slice(0, 10)} (${Math.floor(ageDays)} days ago, per ${source ?? 'unknown source'})${recent ? `, within ${days} days` : ''}`,
    };
  }
  if (source) return { status: 'never', lastUsedAt, source, detail: `never used, per ${source}` };
  return { status: 'unknown', lastUsedAt, source, detail: `last use unknown: no source records the ${what}'s use` };
}

/** Whether the check blocks a disruptive action. */
export const blocks = (usage: UsageCheck) => usage.status === 'recent' || usage.status === 'unknown';
