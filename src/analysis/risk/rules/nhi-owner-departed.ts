import { genericRule } from '../generic-rule.js';
import { ev } from '../helpers.js';

const PERSON_REFS = new Set(['email', 'login', 'native_user_id', 'person_id']);

export const rule = genericRule({
  meta: {
    id: 'nhi-owner-departed',
    title: 'Owner has left the organisation',
    severity: 'high',
    description:
      'The attributed owner is a person whose status is departed (or whose account the IdP has disabled), or the vendor names a person as owner/creator who no longer exists in any directory Steward reads — they left and were removed. Their automation keeps running with nobody accountable, and the person may still hold the secret.',
    remediation:
      "Transfer ownership to the departed person's manager or team, rotate every credential the person could have seen, and review whether the identity is still needed.",
    owasp: 'NHI1:2025',
    compliance: ['PCI DSS 4.0 8.2.5', 'NIST SP 800-53 AC-2', 'NIST SP 800-53 PS-4'],
    platforms: 'all',
    reads: ['ownerClaims', 'createdBy', 'attributes'],
    dataRequirement:
      "Needs the ownership analysis joined to people with a status (IdP, vendor member list or HR feed) and the connector's owner claims; evaluated on every platform.",
    tags: ['ownership', 'offboarding'],
  },
  evaluate(v) {
    const status = v.owner?.status;
    if (status === 'departed' || status === 'disabled') {
      return [
        ev(
          'owner.status',
          status,
          `owner ${v.owner?.email ?? v.owner?.personId ?? '?'} is ${status} per people directory (attributed via ${v.owner?.source ?? 'ownership resolution'})`,
        ),
      ];
    }
    if (v.owner) return null;
    // The vendor names a person, but no directory knows them any more: removed on departure.
    const gone = v.ownerClaims.filter((c) => PERSON_REFS.has(c.refType));
    if (gone.length === 0) return null;
    return gone.map((c) =>
      ev(
        `ownerClaims(${c.source})`,
        c.ref,
        `${c.evidence} names ${c.refType} ${c.ref}, who matches no current person in any scanned directory (ownership resolution found no owner)`,
      ),
    );
  },
});
