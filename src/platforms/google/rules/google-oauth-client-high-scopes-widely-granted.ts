import { collect, ev, inventorySource, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { googleFacts } from '../facts.js';
import { WIDELY_GRANTED_USERS } from '../risks.js';

export const rule = platformRule(googleFacts, {
  nativeTypes: ['oauth_client'],
  meta: {
    id: 'google-oauth-client-high-scopes-widely-granted',
    title: 'Third-party Google OAuth app with restricted scopes granted by many users',
    severity: 'high',
    description: `A third-party OAuth client holds tokens of at least ${WIDELY_GRANTED_USERS} Workspace users with a high-sensitivity scope: full or read access to Gmail or Drive, an Admin SDK scope or cloud-platform. Each "Sign in with Google" consent was a user's own decision that no admin reviewed; the tokens live on the vendor's servers, so a breach there reads every granting user's mail or files (the 2025 Salesloft Drift incident).`,
    remediation:
      'Review the app in Admin console > Security > API controls > App access control: mark it Trusted with narrower scopes or Blocked, and revoke the existing tokens (DELETE /admin/directory/v1/users/{userKey}/tokens/{clientId}) of the users who do not need it.',
    owasp: 'NHI3:2025',
    compliance: ['NIST SP 800-53 SA-9', 'NIST SP 800-53 AC-6', 'PCI DSS 4.0 12.8.1', 'PCI DSS 4.0 7.2.1'],
    platforms: ['google'],
    reads: ['permissions', 'attributes'],
    dataRequirement:
      "Needs every user's third-party tokens (Directory tokens.list, admin.directory.user.security) folded per client, scopes tiered by the Google scope table (sensitivity high), and the users per scope.",
    tags: ['third-party', 'privilege', 'oauth'],
  },
  evaluate(v) {
    if (!v.thirdParty) return null;
    const found = collect(v.permissions, (p, n) =>
      p.sensitivity === 'high' && p.attributes.grantedUsers >= WIDELY_GRANTED_USERS
        ? ev(
            permissionLabel(p, n),
            p.nativeName,
            `granted by ${p.attributes.grantedUsers} users per ${permissionSource(p, v)}`,
          )
        : null,
    );
    return found && [...found, ev('attributes.grantedUsers', v.attributes.grantedUsers, inventorySource(v))];
  },
});
