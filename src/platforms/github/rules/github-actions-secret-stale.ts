import type { Rule } from '../../../analysis/risk/types.js';
import { attr, day, daysSince, ev, inventorySource } from '../../../analysis/risk/helpers.js';

/** When the secret's value was last set: updated_at, else the newest credential's createdAt, else createdAt. */
function updatedAt(v: Parameters<Rule['evaluate']>[0]): string | null {
  const u = attr(v.attributes, 'updatedAt', 'updated_at');
  if (typeof u === 'string') return u;
  let newest: string | null = null;
  for (const c of v.credentials) if (c.createdAt && (!newest || c.createdAt > newest)) newest = c.createdAt;
  return newest ?? v.createdAt;
}

const isActionsSecret = (v: Parameters<Rule['evaluate']>[0]): boolean =>
  v.kind === 'secret' &&
  (/actions/i.test(v.nativeType) ||
    attr(v.attributes, 'secretType', 'app', 'scope') === 'actions' ||
    !/dependabot|codespaces/i.test(v.nativeType));

export const rule: Rule = {
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
    dataRequirement:
      'Needs GitHub Actions secrets with updated_at (GET /orgs/{org}/actions/secrets, /repos/{owner}/{repo}/actions/secrets).',
    tags: ['credential', 'rotation', 'ci'],
  },
  evaluate(v, ctx) {
    if (!isActionsSecret(v)) return null;
    const updated = updatedAt(v);
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
};
