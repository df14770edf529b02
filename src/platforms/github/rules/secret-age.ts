import { day, daysSince, ev, inventorySource } from '../../../analysis/risk/helpers.js';
import type { RuleContext, RuleEvidence } from '../../../analysis/risk/types.js';
import type { Identity } from '../../../model/index.js';

/**
 * Shared by the secret rotation rules: a secret whose value was last set (`updated_at`) more than `rotationDays`
 * ago. `createdAt` only stands in when GitHub sent an unreadable `updated_at`.
 */
export function secretAgeEvidence(
  v: Pick<Identity, 'createdAt' | 'platform' | 'nativeType'> & { attributes: { updatedAt: string | null } },
  ctx: RuleContext,
): RuleEvidence {
  const updated = v.attributes.updatedAt ?? v.createdAt;
  const age = daysSince(updated, ctx);
  if (age === null || age <= ctx.thresholds.rotationDays) return null;
  return [
    ev(
      'attributes.updatedAt',
      updated,
      `secret last updated ${day(updated)} (${Math.floor(age)} days ago, threshold ${ctx.thresholds.rotationDays}) per ${inventorySource(v as unknown as Identity)}`,
    ),
  ];
}
