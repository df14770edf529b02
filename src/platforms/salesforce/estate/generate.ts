import type { PlatformGenerateContext, PlatformGenerator } from '../../../emulation/estate/generator.js';
import { generateConnectedApps } from './connected-apps.js';
import { createContext } from './context.js';
import { generateIntegrationUsers, labelApiHumans } from './integration-users.js';
import { generateNamedCredentials } from './named-credentials.js';
import type { SalesforceEstateData } from './types.js';
import { generateUsers } from './users.js';

export type { SalesforceEstateData } from './types.js';

/** How many NHIs of each type for `count` (sums to count; every type present from 6 on). */
export function allocate(count: number): {
  apps: number;
  tokens: number;
  integration: number;
  apiHumans: number;
  namedCredentials: number;
} {
  const n = Math.max(7, count);
  const namedCredentials = Math.max(1, Math.min(Math.round(n * 0.03), 200));
  const apiHumans = Math.max(1, Math.min(Math.round(n * 0.03), 50));
  const apps = Math.max(2, Math.min(Math.round(n * 0.08), 400));
  const integration = Math.max(2, Math.round(n * 0.2));
  return {
    apps,
    tokens: n - apps - integration - apiHumans - namedCredentials,
    integration,
    apiHumans,
    namedCredentials,
  };
}

/**
 * The Salesforce org generator: every org person as a standard user (departed ones inactive), a few people whose
 * accounts only log in through the API (NHI10), dedicated integration users with profiles and permission sets,
 * connected apps (a Drift-like third party first) and users' OAuth tokens for them, and the login history. Labels
 * come from ./catalogue.ts and ../risks.ts through ./oracle.ts. The call order is part of every estate's identity.
 */
export const salesforceGenerator: PlatformGenerator<SalesforceEstateData> = {
  platform: 'salesforce',
  weight: 10,
  generate({ org, rng, count, now }: PlatformGenerateContext) {
    const c = createContext(org, rng, now);
    const n = allocate(count);
    const planted = generateUsers(c, n.apiHumans);
    labelApiHumans(c, planted);
    generateIntegrationUsers(c, n.integration);
    generateConnectedApps(c, n.apps, n.tokens);
    generateNamedCredentials(c, n.namedCredentials);
    const data: SalesforceEstateData = {
      myDomain: c.myDomain,
      organizationId: c.organizationId,
      editionLacks: [],
      dailyApiRequests: 100_000,
      tables: c.tables,
      tooling: c.tooling,
    };
    return { data, identities: c.labels };
  },
};
