import type { RiskDefinition } from '../../analysis/risk/catalogue.js';
import { cloudRisks } from './risks-cloud.js';

/** Users granting one client a high-sensitivity scope from which it counts as "widely granted". */
export const WIDELY_GRANTED_USERS = 5;

/** The planted risks this platform's rules find (ids = rule ids); the estate generator labels by these definitions. */
export const googleRisks: RiskDefinition[] = [
  {
    id: 'google-oauth-client-high-scopes-widely-granted',
    platforms: ['google'],
    definition: `third-party OAuth client (tokens.list) holding a high-sensitivity scope (full or read access to Gmail, full or read access to Drive, any Admin SDK admin.* scope, cloud-platform) granted by at least ${WIDELY_GRANTED_USERS} users`,
  },
  {
    id: 'google-oauth-client-unregistered',
    platforms: ['google'],
    definition:
      'OAuth client that tokens.list reports as anonymous (not registered in any Google Cloud project, so nobody can be held to its consent screen or verification) holding any token',
  },
  {
    id: 'google-dwd-broad-scopes',
    platforms: ['google'],
    definition:
      'client granted domain-wide delegation (last AUTHORIZE_API_CLIENT_ACCESS not removed) whose scopes include a high-sensitivity scope: it can act as every user of the domain with it',
  },
  {
    id: 'google-dwd-unknown-client',
    platforms: ['google'],
    definition:
      "client granted domain-wide delegation whose id is the oauth2ClientId of no service account in the projects read, when every project's service accounts were listed (unknown when they were not)",
  },
  ...cloudRisks,
];
