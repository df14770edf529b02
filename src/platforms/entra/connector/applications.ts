import type { PublisherInput } from './types-helpers.js';
import type { WireApplication } from './graph-types.js';

export const APP_SELECT = [
  'id',
  'appId',
  'displayName',
  'createdDateTime',
  'signInAudience',
  'publisherDomain',
  'verifiedPublisher',
  'passwordCredentials',
  'keyCredentials',
  'tags',
  'notes',
];

/** Publisher of an app registered in this tenant: its verified publisher (if any) and publisher domain. Pure. */
export function applicationPublisher(app: WireApplication): PublisherInput {
  return {
    name: app.verifiedPublisher?.displayName ?? null,
    verified: !!app.verifiedPublisher?.verifiedPublisherId,
    domain: app.publisherDomain ?? null,
  };
}
