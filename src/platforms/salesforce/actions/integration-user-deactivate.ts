import { userActiveAction } from './user-active.js';

/** Deactivates an integration user: no logins, no API calls with its sessions or tokens until reactivated. */
export const integrationUserDeactivate = userActiveAction({
  id: 'salesforce.integration-user.deactivate',
  title: 'Deactivate a Salesforce integration user',
  active: false,
  inverse: 'salesforce.integration-user.activate',
});
