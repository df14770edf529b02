import type { PlatformGenerateContext, PlatformGenerator } from '../../../emulation/estate/generator.js';
import { type Counters, generateBots, generateResolvedApps, integrationLogs } from './apps.js';
import { createContext, slackId } from './context.js';
import { generateRequests } from './requests.js';
import type { SlackEstateData } from './types.js';
import { generateMembers, slackbot } from './users.js';

export type { SlackEstateData } from './types.js';

/** How many approved apps, restricted apps and requests for about `count` NHIs (bot users follow the apps). */
export function allocate(count: number): { approved: number; restricted: number; requests: number } {
  const n = Math.max(6, count);
  return {
    approved: Math.max(2, Math.round(n * 0.45)),
    restricted: Math.max(1, Math.round(n * 0.1)),
    requests: Math.max(1, Math.round(n * 0.1)),
  };
}

/**
 * The Slack generator: one Enterprise Grid org whose members are the org's people (leavers deactivated), approved
 * apps with bot and user scopes (internal and third-party, resolved by admins some of whom have left), a bot user per
 * app with bot scopes, restricted apps, pending requests, and the install log team.integrationLogs would show.
 * Labels come from ./catalogue.ts and ../risks.ts through ./oracle.ts. The call order is part of every estate.
 */
export const slackGenerator: PlatformGenerator<SlackEstateData> = {
  platform: 'slack',
  weight: 8,
  generate({ org, rng, count, now }: PlatformGenerateContext) {
    const c = createContext(org, rng, now);
    const n = allocate(count);
    const counters: Counters = { app: 0, bot: 0 };
    const members = generateMembers(c);
    const { approvedApps, restrictedApps, auditLogs } = generateResolvedApps(c, counters, n.approved, n.restricted);
    const bots = generateBots(c, counters, approvedApps);
    const requests = generateRequests(c, counters, n.requests);
    const data: SlackEstateData = {
      orgName: c.tenant,
      enterpriseId: slackId(rng, 'E', 0),
      team: c.team,
      users: [...members, slackbot(c), ...bots.users],
      bots: bots.bots,
      approvedApps,
      restrictedApps,
      requests,
      integrationLogs: integrationLogs(c, approvedApps, restrictedApps),
      auditLogs,
    };
    return { data, identities: c.labels };
  },
};
