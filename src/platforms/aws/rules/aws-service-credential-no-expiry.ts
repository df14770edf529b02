import { collect, credentialLabel, day, daysSince, ev } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import { awsFacts } from '../facts.js';

export const rule = platformRule(awsFacts, {
  meta: {
    id: 'aws-service-credential-no-expiry',
    title: 'Service-specific credential (Bedrock API key, CodeCommit password) that never expires or is old',
    severity: 'high',
    description:
      'An IAM user holds an active service-specific credential that is either an Amazon Bedrock or CloudWatch Logs API key created without an expiry, or older than `rotationDays`. These are long-lived bearer secrets outside access-key hygiene: the credential report does not list them, key rotation tooling skips them, and a leaked Bedrock key is paid model usage (and data exposure) until someone deletes it.',
    remediation:
      'Prefer short-term Bedrock API keys (generated from temporary credentials) or IAM roles; otherwise re-create the key with an expiry (ExpirationDate) and rotate CodeCommit/Keyspaces passwords (ResetServiceSpecificCredential), then delete the old credential.',
    owasp: 'NHI7:2025',
    compliance: ['NIST SP 800-53 IA-5(1)', 'PCI DSS 4.0 8.6.3'],
    platforms: ['aws'],
    reads: ['credentials'],
    dataRequirement:
      "Needs IAM users' service-specific credentials (ListServiceSpecificCredentials: ServiceName, Status, CreateDate, ExpirationDate) as credentials with attributes.serviceName and supportsExpiry.",
    tags: ['credential', 'lifetime', 'ai'],
  },
  nativeTypes: ['user'],
  evaluate(v, ctx) {
    return collect(v.credentials, (c, n) => {
      const service = c.attributes.serviceName;
      if (!service || !c.enabled) return null;
      if (c.attributes.supportsExpiry === true && !c.expiresAt)
        return ev(
          `${credentialLabel(c, n)}.expiresAt`,
          null,
          `active ${service} API key created ${day(c.createdAt)} without an ExpirationDate per IAM ListServiceSpecificCredentials`,
        );
      const age = daysSince(c.createdAt, ctx);
      if (age === null || !(age > ctx.thresholds.rotationDays)) return null;
      return ev(
        `${credentialLabel(c, n)}.createdAt`,
        c.createdAt,
        `active ${service} credential ${Math.floor(age)} days old (maximum ${ctx.thresholds.rotationDays}) per IAM ListServiceSpecificCredentials`,
      );
    });
  },
});
