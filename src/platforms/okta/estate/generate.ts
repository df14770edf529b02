import type { PlatformGenerateContext, PlatformGenerator } from '../../../emulation/estate/generator.js';
import { generateApiServices } from './api-services.js';
import { generateApiTokens } from './api-tokens.js';
import { generateApps } from './clients.js';
import { createContext } from './context.js';
import { logSignIns, sortLogs } from './logs.js';
import type { OktaEstateData } from './types.js';
import { generateUsers } from './users.js';

export type { OktaEstateData } from './types.js';

/** How many NHIs of each type for `count` (sums to count; every type from 4 on). */
export function allocate(count: number): { service: number; client: number; token: number; integration: number } {
  const n = Math.max(4, count);
  const integration = Math.max(1, Math.min(Math.round(n * 0.06), 200));
  const token = Math.max(1, Math.round(n * 0.3));
  const client = Math.max(1, Math.round(n * 0.2));
  return { service: n - integration - token - client, client, token, integration };
}

/**
 * The Okta org generator: every org person as an Okta user (departed ones DEPROVISIONED or SUSPENDED), admin roles,
 * service apps and other OIDC apps with secrets, keys, scope grants and client roles, human SSO apps (not NHIs),
 * SSWS API tokens, OIN API service integrations and the System Log that says when each was last used. Labels come
 * from ./catalogue.ts and ../risks.ts through ./oracle.ts. The call order below is part of every estate's identity.
 */
export const oktaGenerator: PlatformGenerator<OktaEstateData> = {
  platform: 'okta',
  weight: 15,
  generate({ org, rng, count, now }: PlatformGenerateContext) {
    const c = createContext(org, rng, now);
    const n = allocate(count);
    const users = generateUsers(c);
    const apps = generateApps(c, n.service, n.client);
    const apiTokens = generateApiTokens(c, n.token);
    const apiServices = generateApiServices(c, n.integration);
    logSignIns(c, Math.min(5000, users.length * 2));
    sortLogs(c);
    const data: OktaEstateData = {
      subdomain: c.subdomain,
      orgName: `${org.name[0].toUpperCase()}${org.name.slice(1)}`,
      logRetentionDays: c.retentionDays,
      users,
      apps,
      apiTokens,
      apiServices,
      logs: c.logs,
    };
    return { data, identities: c.labels };
  },
};
