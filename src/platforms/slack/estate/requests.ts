import { APP_KINDS } from './catalogue.js';
import { type GenContext, epochAgo, identityId, label, ownerOf, slackId } from './context.js';
import { appInfo, type Counters, scopesOf } from './apps.js';
import { highOf } from './oracle.js';
import type { SlackAppRequestData } from './types.js';

/**
 * Pending app requests: members (a few who have since left) asking for mostly third-party apps; those asking for a
 * high-sensitivity scope carry slack-app-request-pending.
 */
export function generateRequests(c: GenContext, n: Counters, count: number): SlackAppRequestData[] {
  const out: SlackAppRequestData[] = [];
  for (let i = 0; i < count; i++) {
    const kind = c.rng.weighted(APP_KINDS.map((k) => [k, k.weight] as const));
    const app = appInfo(c, n, kind, c.rng.chance(0.15));
    const person =
      c.rng.chance(0.1) && c.company.departed.length > 0
        ? c.rng.pick(c.company.departed)
        : c.rng.pick(c.company.active);
    const user = c.userOf.get(person.index)!;
    const request: SlackAppRequestData = {
      id: slackId(c.rng, 'Ar', i),
      app,
      user: { id: user.id, name: user.name, email: person.email },
      team: c.team,
      scopes: scopesOf(kind),
      previous_resolution: null,
      is_user_app_collaborator: false,
      message: `please install ${app.name}`,
      date_created: epochAgo(c, c.rng.int(1, 60)),
    };
    out.push(request);
    const names = [...new Set(request.scopes.map((s) => s.name))];
    label(c, {
      id: identityId(c, 'app_request', request.id),
      tenant: c.tenant,
      kind: 'oauth_grant',
      name: `${app.name} (request)`,
      createdAt: new Date(request.date_created * 1000).toISOString(),
      lastUsedAt: null,
      usageTracked: false,
      enabled: false,
      thirdParty: !app.is_internal,
      publisherVerified: null,
      interactive: false,
      credentials: [],
      permissions: [],
      owner: ownerOf(c, user.id, 'installer'),
      platformRisks: highOf(names).length > 0 ? ['slack-app-request-pending'] : [],
    });
  }
  return out;
}
