import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { collect, ev, permissionLabel, permissionSource } from '../../../analysis/risk/helpers.js';
import { ENTRA_NATIVE_TYPES, entraFacts } from '../facts.js';

export const rule = platformRule(entraFacts, {
  meta: {
    id: 'entra-unowned-high-privilege',
    title: 'Highly privileged application without owners',
    severity: 'high',
    description:
      'The application / service principal has no owners in Entra ID yet holds an admin or path-to-admin permission. Nobody reviews it, and an unowned privileged app is a favourite persistence spot.',
    remediation:
      'Add at least two owners (a person and a team group), review the privileged permissions, and remove the app if nobody claims it.',
    owasp: 'NHI1:2025',
    compliance: ['NIST SP 800-53 AC-2', 'NIST SP 800-53 AC-6', 'PCI DSS 4.0 7.2.5'],
    platforms: ['entra'],
    reads: ['ownerClaims', 'createdBy', 'attributes', 'permissions'],
    dataRequirement:
      'Needs application/service principal owners (GET /applications/{id}/owners, /servicePrincipals/{id}/owners) as explicit_owner claims, plus normalized permissions.',
    tags: ['ownership', 'privilege'],
  },
  nativeTypes: ENTRA_NATIVE_TYPES,
  evaluate(v) {
    if (v.ownerClaims.some((c) => c.source === 'explicit_owner')) return null;
    const hits = collect(v.permissions, (p, n) =>
      p.access === 'admin' || p.pathToAdmin
        ? ev(
            permissionLabel(p, n),
            p.nativeName,
            `${p.access === 'admin' ? 'admin' : 'path to admin'} per ${permissionSource(p, v)}`,
          )
        : null,
    );
    return hits
      ? [ev('owners', [], 'no owners on the application or service principal per Graph owners'), ...hits]
      : null;
  },
});
