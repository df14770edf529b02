import type { admin_reports_v1 } from '@googleapis/admin';
import type { PlatformGenerateContext, PlatformGenerator } from '../../../emulation/estate/generator.js';
import { generateCloud } from './cloud.js';
import { createContext } from './context.js';
import { generateDelegation } from './delegation.js';
import { generateClients } from './oauth-clients.js';
import type { GoogleEstateData } from './types.js';
import { generateUsers } from './users.js';

export type { GoogleEstateData } from './types.js';

/** Share of the platform's NHIs that are Cloud IAM (the GCP part); the rest are Workspace OAuth clients and DWD. */
export const CLOUD_SHARE = 0.6;

/** How many Cloud NHIs, OAuth clients and delegated clients for about `count` NHIs. */
export function allocate(count: number): { cloud: number; clients: number; delegation: number } {
  const n = Math.max(10, count);
  const cloud = Math.round(n * CLOUD_SHARE);
  const delegation = Math.max(2, Math.round((n - cloud) * 0.1));
  return { cloud, clients: Math.max(2, n - cloud - delegation), delegation };
}

const newestFirst = (a: admin_reports_v1.Schema$Activity, b: admin_reports_v1.Schema$Activity): number =>
  String(b.id?.time).localeCompare(String(a.id?.time));

/**
 * The Google generator: one Workspace customer whose users are the org's people (leavers archived), third-party
 * OAuth clients granted by users with their Reports token events, the Cloud part (./cloud.ts), then domain-wide
 * delegation (some to the Cloud part's service accounts) as Reports admin events. Labels from ./catalogue.ts and
 * ../risks.ts through ./oracle.ts. The call order is part of every estate.
 */
export const googleGenerator: PlatformGenerator<GoogleEstateData> = {
  platform: 'google',
  weight: 8,
  generate({ org, rng, count, now }: PlatformGenerateContext) {
    const c = createContext(org, rng, now);
    const n = allocate(count);
    const users = generateUsers(c);
    const tokens: GoogleEstateData['tokens'] = {};
    const tokenEvents: admin_reports_v1.Schema$Activity[] = [];
    const adminEvents: admin_reports_v1.Schema$Activity[] = [];
    generateClients(c, n.clients, tokens, tokenEvents);
    const cloud = generateCloud(c, n.cloud);
    // The emulator serves every project's service accounts, so a complete scan lists them all: a delegated client
    // that is none of them is an unknown client (google-dwd-unknown-client).
    c.serviceAccountsListed = true;
    generateDelegation(c, n.delegation, adminEvents);
    const data: GoogleEstateData = {
      tenant: c.tenant,
      customerId: c.customerId,
      domain: c.domain,
      adminEmail: (c.admins[0] ?? org.people[0]).email,
      users,
      tokens,
      tokenEvents: tokenEvents.sort(newestFirst),
      adminEvents: adminEvents.sort(newestFirst),
      cloud,
    };
    return { data, identities: c.labels, edges: c.edges };
  },
};
