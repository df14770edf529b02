import type { PlatformActivity } from '../../../monitoring/event.js';
import { SYSTEM_LOG_SOURCE } from '../connector/common.js';
import { oktaSystemLogCollector } from './collector.js';
import { oktaSystemLogFormat } from './system-log.js';

/** What Steward reads of Okta activity: the org's System Log (files, or collected from GET /api/v1/logs). */
export const oktaActivity: PlatformActivity = {
  formats: [oktaSystemLogFormat],
  collector: oktaSystemLogCollector,
  lastUsedSource: SYSTEM_LOG_SOURCE,
  // An OIDC app's OAuth client_id when set apart from its id (a token grant's actor is the client id).
  keyAttributes: { identity: ['clientId'] },
};
