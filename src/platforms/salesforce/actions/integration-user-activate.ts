import { userActiveAction } from './user-active.js';

/** Reactivates an integration user: the inverse of deactivating it. */
export const integrationUserActivate = userActiveAction({
  id: 'salesforce.integration-user.activate',
  title: 'Reactivate a Salesforce integration user',
  active: true,
  inverse: 'salesforce.integration-user.deactivate',
});
