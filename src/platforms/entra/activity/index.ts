import type { PlatformActivity } from '../../../monitoring/event.js';
import { entraAuditCollector } from './collector.js';
import { graphAuditsFormat } from './directory-audits.js';
import { graphSignInsFormat } from './sign-ins.js';

/** What Steward reads of Entra activity: service principal and managed identity sign-ins, and directory audits. */
export const entraActivity: PlatformActivity = {
  formats: [graphSignInsFormat, graphAuditsFormat],
  collector: entraAuditCollector,
  lastUsedSource: 'Entra sign-in and audit events',
  // A sign-in names the application (appId), its service principal and the credential's keyId; an audit names the
  // application's or service principal's object id (the identity's native id, or its servicePrincipalId).
  keyAttributes: { identity: ['appId', 'servicePrincipalId'], credential: ['keyId'] },
};
