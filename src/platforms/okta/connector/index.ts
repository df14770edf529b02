import type { Connector } from '../../../sync/connector.js';
import { oktaFacts } from '../facts.js';
import { OktaOptions } from './options.js';
import { OktaScan } from './scan.js';
import { OKTA_SECRET_FIELDS, OKTA_SOURCES } from './sources.js';

/**
 * Okta org connector: OIDC service apps and other OAuth clients with their client secrets, JWKs, Okta API scope
 * grants and admin roles; SSWS API tokens with their creators' roles; API service integrations; optionally AI
 * agents (Beta); users as people; last use from the System Log. Every list is one declared source (sources.ts) read
 * through the tracker; only the app list is required.
 */
export const oktaConnector: Connector<OktaOptions> = {
  platform: 'okta',
  title: 'Okta',
  facts: oktaFacts,
  sources: OKTA_SOURCES,
  secretFields: OKTA_SECRET_FIELDS,
  optionsSchema: OktaOptions as never,
  scan: (ctx) => new OktaScan(ctx).run(),
};

export default oktaConnector;
export { OktaOptions } from './options.js';
