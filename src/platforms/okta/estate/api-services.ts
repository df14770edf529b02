import { ADMIN_SCOPES, tierOf } from './catalogue.js';
import { type GenContext, ago, identityId, label, oktaId, ownerOf, visibleUse } from './context.js';
import { makeSecrets, secretFacts } from './credentials.js';
import { holdsAdmin } from './clients.js';
import { logClientUse, pickLastUse } from './logs.js';
import { INTEGRATIONS } from './names.js';
import type { OktaApiServiceData } from './types.js';

/** OIN API service integrations (each an OAuth client with its own secrets); the first is granted an admin scope. */
export function generateApiServices(c: GenContext, count: number): OktaApiServiceData[] {
  const out: OktaApiServiceData[] = [];
  for (let i = 0; i < count; i++) {
    const [type, name, asks] = INTEGRATIONS[i % INTEGRATIONS.length];
    const createdAt = ago(c, c.rng.ageDays(1200) + c.rng.next());
    const scopes = new Set(asks);
    if (i === 0) scopes.add(c.rng.pick(ADMIN_SCOPES));
    const creator = c.appAdmins.length ? c.rng.pick(c.appAdmins) : c.users[0];
    const s: OktaApiServiceData = {
      id: oktaId(c, '0oa', 900_000_000 + i),
      type,
      name: i < INTEGRATIONS.length ? name : `${name} ${Math.floor(i / INTEGRATIONS.length) + 1}`,
      createdAt,
      createdBy: creator.id,
      grantedScopes: [...scopes],
      secrets: makeSecrets(c, createdAt),
    };
    const lastUse = pickLastUse(c, createdAt);
    logClientUse(c, s.id, s.name, visibleUse(c, lastUse), true);
    labelService(c, s, lastUse);
    out.push(s);
  }
  return out;
}

function labelService(c: GenContext, s: OktaApiServiceData, lastUse: string | null): void {
  const id = identityId(c, 'api_service_integration', s.id);
  const permissions = s.grantedScopes.map((nativeName) => ({ nativeName, ...tierOf(nativeName) }));
  label(c, {
    id,
    tenant: c.subdomain,
    kind: 'integration_user',
    name: s.name,
    createdAt: s.createdAt,
    lastUsedAt: visibleUse(c, lastUse),
    usageTracked: true,
    enabled: true,
    thirdParty: true,
    publisherVerified: null,
    interactive: false,
    credentials: s.secrets.map((x) => secretFacts(id, x)),
    permissions,
    owner: ownerOf(c, s.createdBy),
    platformRisks: holdsAdmin(permissions) ? ['okta-service-app-admin-scopes'] : [],
  });
}
