import type { Connector } from '../../../sync/connector.js';
import { googleFacts } from '../facts.js';
import { GoogleOptions } from './options.js';
import { GoogleScan } from './scan.js';
import { GOOGLE_SECRET_FIELDS, GOOGLE_SOURCES } from './sources.js';

/**
 * Google connector through the official @googleapis clients and google-auth-library: Workspace users (a people
 * source), every user's third-party OAuth tokens folded into one identity per OAuth client, their use from the
 * Reports token events, domain-wide delegation rebuilt from the Reports admin events, and the Google Cloud IAM part
 * (./cloud.ts). Every API method is one declared source (sources.ts); users.list is required.
 */
export const googleConnector: Connector<GoogleOptions> = {
  platform: 'google',
  title: 'Google Workspace and Cloud IAM',
  facts: googleFacts,
  sources: GOOGLE_SOURCES,
  secretFields: GOOGLE_SECRET_FIELDS,
  optionsSchema: GoogleOptions as never,
  scan: (ctx) => new GoogleScan(ctx).run(),
};

export default googleConnector;
export { GoogleOptions } from './options.js';
