import type { Tag } from '@aws-sdk/client-iam';
import type { OwnerClaim } from '../../../model/index.js';

/** IAM tags (users and roles) → a plain map, the environment, and owner claims. */

export function tagMap(tags: Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

export const environmentOf = (tags: Record<string, string>): string | null =>
  tags.env ?? tags.Environment ?? tags.environment ?? null;

/** owner/team tags (any case) → owner claims. The owner tag is expected to hold a person's email. */
export function ownerClaimsFromTags(tags: Tag[] | undefined): OwnerClaim[] {
  const claims: OwnerClaim[] = [];
  for (const t of tags ?? []) {
    const key = (t.Key ?? '').toLowerCase();
    const value = (t.Value ?? '').trim();
    if (!value) continue;
    if (key === 'owner') {
      claims.push({
        ref: value.toLowerCase(),
        refType: value.includes('@') ? 'email' : 'login',
        source: 'tag',
        confidence: 0.9,
        evidence: `tag ${t.Key}=${value}`,
      });
    } else if (key === 'team') {
      claims.push({ ref: value, refType: 'team', source: 'tag', confidence: 0.6, evidence: `tag ${t.Key}=${value}` });
    }
  }
  return claims;
}
