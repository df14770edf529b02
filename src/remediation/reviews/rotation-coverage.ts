import type { Store } from '../../store/index.js';
import type { PlanContent } from '../plan.js';

/** The plan that covers one credential of a rotation campaign, and the action it takes on it. */
export interface RotationCoverage {
  id: string;
  actionId: string;
  status: string;
}

/** What a rotation campaign's plans start their origin with (the origin is part of the signed content). */
export const rotationOriginPrefix = (campaignId: string) => `rotation campaign ${campaignId} `;

/**
 * credential id → the plan of this campaign that acts on it. A rolled-back plan covers nothing any more (the
 * credential is back as it was, so it can be planned again); of several plans, the newest wins.
 */
export async function rotationCoverage(store: Store, campaignId: string): Promise<Map<string, RotationCoverage>> {
  const rows = await store.db
    .selectFrom('remediation_plans')
    .select(['id', 'content', 'status', 'created_at'])
    .where('origin', 'like', `${rotationOriginPrefix(campaignId)}%`)
    .where('status', '!=', 'rolled-back')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const out = new Map<string, RotationCoverage>();
  for (const row of rows) {
    // The origin was checked by prefix in SQL, where `_` and `%` are wildcards: check it exactly here.
    const content = JSON.parse(row.content) as PlanContent;
    if (!content.origin.startsWith(rotationOriginPrefix(campaignId))) continue;
    for (const item of content.items)
      if (item.target.credentialId)
        out.set(item.target.credentialId, { id: row.id, actionId: item.actionId, status: row.status });
  }
  return out;
}
