import type { Rule } from '../../../analysis/risk/types.js';
import { attr, collect, credentialLabel, day, ev } from '../../../analysis/risk/helpers.js';

const SP_MARKERS = new Set(['servicePrincipal', 'service_principal', 'sp']);

export const rule: Rule = {
  meta: {
    id: 'entra-sp-credential',
    title: 'Credential set on the service principal instead of the application',
    severity: 'medium',
    description:
      'A password or certificate credential sits on the service principal object itself. Such credentials do not show in the app registration blade, are missed by most reviews, and are a known persistence technique.',
    remediation:
      'Remove the credential from the service principal (Graph removePassword/removeKey) and, if the app needs one, add it to the application object with an expiry.',
    owasp: 'NHI4:2025',
    compliance: ['NIST SP 800-53 IA-5', 'NIST SP 800-53 AC-2'],
    platforms: ['entra'],
    dataRequirement:
      'Needs servicePrincipal passwordCredentials/keyCredentials marked with attributes.on = "servicePrincipal" by the Entra connector.',
    tags: ['credential', 'persistence'],
  },
  evaluate(v) {
    return collect(v.credentials, (c, n) => {
      if (c.type !== 'client_secret' && c.type !== 'certificate' && c.type !== 'password') return null;
      const on = attr(c.attributes, 'on', 'object', 'owner', 'holder');
      const flagged = (typeof on === 'string' && SP_MARKERS.has(on)) || c.attributes.onServicePrincipal === true;
      return flagged
        ? ev(
            `${credentialLabel(c, n)}`,
            c.id,
            `${c.type} created ${day(c.createdAt)} on the service principal per Graph servicePrincipal credentials`,
          )
        : null;
    });
  },
};
