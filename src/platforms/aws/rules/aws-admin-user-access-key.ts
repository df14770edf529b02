import {
  collect,
  credentialLabel,
  day,
  ev,
  permissionLabel,
  permissionSource,
} from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { awsFacts } from '../facts.js';
import { cis } from '../../../analysis/risk/cis.js';

/**
 * Admin per the definition: the AdministratorAccess managed policy (as a policy-level permission), or the "*"
 * (or "*:*") action on a "*" resource — which is what AdministratorAccess expands to when statements are listed.
 */
export const isAwsAdminPermission = (p: { nativeName: string; resource: string }): boolean =>
  /(^|\/)AdministratorAccess$/.test(p.nativeName) ||
  ((p.nativeName === '*' || p.nativeName === '*:*') && p.resource.split(',').includes('*'));

export const rule = platformRule(awsFacts, {
  meta: {
    id: 'aws-admin-user-access-key',
    title: 'IAM user with an active access key holds administrator access',
    severity: 'high',
    description:
      'An IAM user holding AdministratorAccess (or "*" on "*") has an active long-lived access key. A single leaked key is a full account compromise, and such keys are tried by attackers within minutes of leaking.',
    remediation:
      'Move the workload to an IAM role (instance profile, IRSA, OIDC federation) with least privilege; deactivate and delete the key.',
    owasp: 'NHI5:2025',
    compliance: [cis.aws('2.14'), 'NIST SP 800-53 AC-6', 'NIST SP 800-53 IA-5', 'PCI DSS 4.0 7.2.5'],
    platforms: ['aws'],
    reads: ['credentials', 'permissions'],
    dataRequirement:
      'Needs IAM users with their attached/inline/group policies (GetAccountAuthorizationDetails) and access keys (ListAccessKeys or the credential report).',
    tags: ['privilege', 'credential'],
  },
  // Only IAM users hold access keys; root is its own rule (aws-root-access-key).
  nativeTypes: ['user'],
  evaluate(v) {
    const keys = collect(v.credentials, (c, n) =>
      c.enabled && c.type === 'access_key'
        ? ev(credentialLabel(c, n), c.id, `active access key created ${day(c.createdAt)} per IAM ListAccessKeys`)
        : null,
    );
    if (!keys) return null;
    const admin = collect(v.permissions, (p, n) =>
      isAwsAdminPermission(p)
        ? ev(permissionLabel(p, n), `${p.nativeName} on ${p.resource}`, `admin policy per ${permissionSource(p, v)}`)
        : null,
    );
    return admin ? [...admin, ...keys] : null;
  },
});
