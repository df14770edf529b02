import type { PlatformActivity } from '../../../monitoring/event.js';
import { graphSignInsFormat } from './sign-ins.js';

/** What Steward reads of Entra activity: service principal and managed identity sign-ins. */
export const entraActivity: PlatformActivity = {
  formats: [graphSignInsFormat],
  lastUsedSource: 'Entra sign-in events',
  // A sign-in names the application (appId), its service principal and the credential's keyId.
  keyAttributes: { identity: ['appId', 'servicePrincipalId'], credential: ['keyId'] },
};
