import type { Connector } from '../../../sync/connector.js';
import { salesforceFacts } from '../facts.js';
import { SalesforceOptions } from './options.js';
import { SalesforceScan } from './scan.js';
import { SALESFORCE_SECRET_FIELDS, SALESFORCE_SOURCES } from './sources.js';

/**
 * Salesforce org connector through jsforce: connected apps and their OAuth policies, OAuth tokens (each user's grant
 * to each app), integration users (API-only profile, Salesforce Integration licence, or API-only logins) with their
 * profiles' and permission sets' system permissions and last login; standard users as people. Every list is one
 * declared source (sources.ts) read through the tracker; only the connected-app list is required.
 */
export const salesforceConnector: Connector<SalesforceOptions> = {
  platform: 'salesforce',
  title: 'Salesforce',
  facts: salesforceFacts,
  sources: SALESFORCE_SOURCES,
  secretFields: SALESFORCE_SECRET_FIELDS,
  optionsSchema: SalesforceOptions as never,
  scan: (ctx) => new SalesforceScan(ctx).run(),
};

export default salesforceConnector;
export { SalesforceOptions } from './options.js';
