import { day, daysSince, ev, usageSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { salesforceFacts } from '../facts.js';

export const rule = platformRule(salesforceFacts, {
  nativeTypes: ['oauth_token'],
  meta: {
    id: 'salesforce-oauth-token-unused',
    title: 'Salesforce OAuth token unused for the stale threshold',
    severity: 'medium',
    description:
      "A user's OAuth grant to a connected app has not been used for longer than the stale threshold (or never, and was granted before it): its refresh token still works for whoever holds it, while nobody would notice its use.",
    remediation:
      'Revoke the token (Setup → Connected Apps OAuth Usage, or POST /services/oauth2/revoke with the OauthToken DeleteToken) and ask the user to authorize again if the integration is still needed.',
    owasp: 'NHI1:2025',
    compliance: ['NIST SP 800-53 AC-2(3)', 'NIST SP 800-53 IA-4(e)', 'PCI DSS 4.0 8.2.6'],
    platforms: ['salesforce'],
    reads: ['lastUsedAt'],
    dataRequirement: "Needs each OAuth token's LastUsedDate (OauthToken) as lastUsedAt, and its CreatedDate.",
    tags: ['oauth', 'stale', 'token'],
  },
  evaluate(v, ctx) {
    const since = daysSince(v.lastUsedAt ?? v.createdAt, ctx);
    if (since === null || since <= ctx.thresholds.staleDays) return null;
    return [
      ev(
        'lastUsedAt',
        v.lastUsedAt,
        v.lastUsedAt
          ? `last used ${day(v.lastUsedAt)} (${Math.floor(since)} days ago, threshold ${ctx.thresholds.staleDays}) per ${usageSource(v.lastUsedSource, v)}`
          : `never used since granted ${day(v.createdAt)} (${Math.floor(since)} days ago, threshold ${ctx.thresholds.staleDays}) per ${usageSource(v.lastUsedSource, v)}`,
      ),
    ];
  },
});
