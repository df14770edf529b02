import type { admin_reports_v1 } from '@googleapis/admin';
import type { OrgPerson } from '../../../emulation/estate/org.js';
import { DWD_SCOPE_SETS, isHigh, scopeFacts } from './catalogue.js';
import { type GenContext, identityId, label, numericId } from './context.js';
import { delegationEvent } from './events.js';

type Activity = admin_reports_v1.Schema$Activity;

const AUTHORIZE = 'AUTHORIZE_API_CLIENT_ACCESS';
const REMOVE = 'REMOVE_API_CLIENT_ACCESS';

/** Who authorises delegation: an active super admin, now and then one who has since left. */
function adminFor(c: GenContext): OrgPerson {
  if (c.company.departed.length && c.rng.chance(0.15)) return c.rng.pick(c.company.departed);
  return c.admins.length ? c.rng.pick(c.admins) : c.company.people[0];
}

/**
 * `count` clients holding domain-wide delegation: about half of them the Cloud part's service accounts (matched by
 * oauth2ClientId), the rest client ids of no known service account. Some grants were edited later (the replay keeps
 * the last scope list), and a few extra clients were authorised and then removed (no identity). Labels by
 * ../risks.ts: broad scopes; unknown client only when the Cloud part lists every project's service accounts.
 */
export function generateDelegation(c: GenContext, count: number, events: Activity[]): void {
  const fromCloud = c.rng.sample(
    c.serviceAccountClients,
    Math.min(c.serviceAccountClients.length, Math.ceil(count / 2)),
  );
  for (let i = 0; i < count; i++) {
    const sa = fromCloud[i] ?? null;
    const clientId = sa?.oauth2ClientId ?? numericId(c, '10', i);
    let scopes = c.rng.pick(DWD_SCOPE_SETS);
    let admin = adminFor(c);
    let at = c.rng.daysAgo(c.now, c.rng.int(60, 170));
    events.push(authorize(c, admin, clientId, scopes, at));
    if (c.rng.chance(0.3)) {
      [scopes, admin, at] = [c.rng.pick(DWD_SCOPE_SETS), adminFor(c), c.rng.daysAgo(c.now, c.rng.int(1, 50))];
      events.push(authorize(c, admin, clientId, scopes, at));
    }
    labelGrant(c, { clientId, sa, scopes, admin, at });
  }
  for (let i = 0; i < Math.max(1, Math.round(count / 5)); i++) {
    const clientId = numericId(c, '12', i);
    const admin = adminFor(c);
    events.push(authorize(c, admin, clientId, c.rng.pick(DWD_SCOPE_SETS), c.rng.daysAgo(c.now, c.rng.int(100, 170))));
    events.push(
      delegationEvent(c, {
        at: c.rng.daysAgo(c.now, c.rng.int(1, 90)),
        admin,
        adminId: userId(c, admin),
        name: REMOVE,
        clientId,
        scopes: [],
      }),
    );
  }
}

const userId = (c: GenContext, p: OrgPerson): string => c.userIdOf.get(p.index) as string;

function authorize(c: GenContext, admin: OrgPerson, clientId: string, scopes: readonly string[], at: string): Activity {
  return delegationEvent(c, { at, admin, adminId: userId(c, admin), name: AUTHORIZE, clientId, scopes });
}

interface GrantFacts {
  clientId: string;
  sa: { email: string; identityId: string } | null;
  scopes: readonly string[];
  admin: OrgPerson;
  at: string;
}

function labelGrant(c: GenContext, g: GrantFacts): void {
  const id = identityId(c, 'dwd_client', g.clientId);
  const risks = [
    ...(g.scopes.some(isHigh) ? ['google-dwd-broad-scopes'] : []),
    ...(!g.sa && c.serviceAccountsListed ? ['google-dwd-unknown-client'] : []),
  ];
  label(c, {
    id,
    tenant: c.tenant,
    kind: 'oauth_grant',
    name: `domain-wide delegation: ${g.clientId}`,
    createdAt: g.at,
    lastUsedAt: null,
    usageTracked: false,
    enabled: true,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [],
    permissions: g.scopes.map((s) => ({ ...scopeFacts(s), tenantWide: true })),
    owner: { email: g.admin.email, source: 'audit_log', departed: g.admin.status === 'departed' },
    platformRisks: risks,
  });
  if (g.sa) c.edges.push({ from: id, to: g.sa.identityId, kind: 'delegated_to' });
}
