import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { collect, credentialLabel, day, ev } from '../../../analysis/risk/helpers.js';
import { ENTRA_NATIVE_TYPES, entraFacts } from '../facts.js';

export const rule = platformRule(entraFacts, {
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
    reads: ['credentials'],
    dataRequirement:
      'Needs servicePrincipal passwordCredentials/keyCredentials marked with attributes.setOn = "servicePrincipal" by the Entra connector.',
    tags: ['credential', 'persistence'],
  },
  nativeTypes: ENTRA_NATIVE_TYPES,
  evaluate(v) {
    return collect(v.credentials, (c, n) => {
      if (c.type !== 'client_secret' && c.type !== 'certificate' && c.type !== 'password') return null;
      return c.attributes.setOn === 'servicePrincipal'
        ? ev(
            `${credentialLabel(c, n)}`,
            c.id,
            `${c.type} created ${day(c.createdAt)} on the service principal per Graph servicePrincipal credentials`,
          )
        : null;
    });
  },
});
