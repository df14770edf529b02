import { day, daysSince, ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { githubFacts } from '../facts.js';

// Dependabot and Codespaces secrets are not listed by the connector, so every secret it emits is an Actions secret.
export const rule = platformRule(githubFacts, {
  nativeTypes: ['org_secret', 'repo_secret'],
  meta: {
    id: 'github-actions-secret-stale',
    title: 'GitHub Actions secret not updated within the rotation period',
    severity: 'medium',
    description:
      'An Actions secret (organisation or repository) has not been updated for more than `rotationDays`. The credential it holds is almost certainly not rotated either, and every workflow run has had it in memory.',
    remediation:
      'Rotate the underlying credential, update the secret, and prefer OIDC federation from Actions over stored cloud keys.',
    owasp: 'NHI7:2025',
    compliance: ['PCI DSS 4.0 8.6.3', 'NIST SP 800-53 IA-5(1)'],
    platforms: ['github'],
    reads: ['attributes.updatedAt'],
    dataRequirement:
      'Needs GitHub Actions secrets with updated_at (GET /orgs/{org}/actions/secrets, /repos/{owner}/{repo}/actions/secrets).',
    tags: ['credential', 'rotation', 'ci'],
  },
  evaluate(v, ctx) {
    // updated_at is when the current value was set; createdAt only stands in when GitHub sent an unreadable date.
    const updated = v.attributes.updatedAt ?? v.createdAt;
    const age = daysSince(updated, ctx);
    if (age === null || age <= ctx.thresholds.rotationDays) return null;
    return [
      ev(
        'attributes.updatedAt',
        updated,
        `secret last updated ${day(updated)} (${Math.floor(age)} days ago, threshold ${ctx.thresholds.rotationDays}) per ${inventorySource(v)}`,
      ),
    ];
  },
});
