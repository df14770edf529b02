import { avoid, type AgentSpec } from './specs.js';
import { blankSp, type TenantBuilder } from './tenant-builder.js';
import type { GraphApplication, GraphServicePrincipal } from './types.js';

/** Entra Agent ID as Graph types it: derived types of application and servicePrincipal. */
export const AGENT_ID_TYPES = {
  blueprint: '#microsoft.graph.agentIdentityBlueprint',
  blueprintPrincipal: '#microsoft.graph.agentIdentityBlueprintPrincipal',
  agentIdentity: '#microsoft.graph.agentIdentity',
} as const;
/** Graph's servicePrincipalType of every agent identity. */
export const AGENT_IDENTITY_SP_TYPE = 'ServiceIdentity';

const AGENT_PURPOSES = ['support', 'triage', 'sales-assist', 'code-review', 'hr-helpdesk', 'it-ops', 'research'];

/**
 * An Entra Agent ID blueprint (an application holding the certificate its agents authenticate with, owned by an
 * active person), its principal in the tenant, and one agent identity per `sponsors` entry: sponsored by an active
 * or a departed person, or by nobody.
 */
export function makeAgents(b: TenantBuilder, s: AgentSpec): void {
  const { rng } = b;
  const purpose = rng.pick(AGENT_PURPOSES);
  const ageDays = avoid(rng.int(20, 300), [90]);
  const blueprint = makeBlueprint(b, b.uniqueName(`${purpose}-agent-blueprint`), ageDays);
  s.sponsors.forEach((kind, n) => {
    const name = b.uniqueName(`${purpose}-agent-${n + 1}`);
    const id = rng.uuid();
    const agent: GraphServicePrincipal = {
      ...blankSp(id, id, name, b.data.tenantId),
      '@odata.type': AGENT_ID_TYPES.agentIdentity,
      servicePrincipalType: AGENT_IDENTITY_SP_TYPE,
      agentIdentityBlueprintId: blueprint.appId,
      signInAudience: 'AzureADMyOrg',
    };
    b.data.servicePrincipals.push(agent);
    const sponsor = b.pickOwner(kind);
    b.data.sponsors ??= {};
    b.data.sponsors[id] = sponsor ? [b.userIdByEmail.get(sponsor.email) as string] : [];
    b.assign(id, name, s.appRoles ?? b.randomRoles(0.4, 0), ageDays);
    b.signIn(id, s.lastSignInDaysAgo !== undefined ? s.lastSignInDaysAgo : rng.int(0, 20), false);
  });
}

function makeBlueprint(b: TenantBuilder, name: string, ageDays: number): GraphApplication {
  const { rng } = b;
  const app: GraphApplication = {
    '@odata.type': AGENT_ID_TYPES.blueprint,
    id: rng.uuid(),
    appId: rng.uuid(),
    displayName: name,
    createdDateTime: b.iso(ageDays),
    deletedDateTime: null,
    description: null,
    signInAudience: 'AzureADMyOrg',
    publisherDomain: b.data.tenantDomain,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    identifierUris: [],
    tags: [],
    notes: null,
    requiredResourceAccess: [],
    appRoles: [],
    passwordCredentials: [],
    keyCredentials: [b.certificate({ ageDays: Math.min(ageDays, 60), lifetimeDays: 180 }, name)],
    servicePrincipalLockConfiguration: null,
  };
  b.data.applications.push(app);
  b.data.owners[app.id] = [b.userIdByEmail.get(b.rng.pick(b.org.active).email) as string];
  const principal = blankSp(rng.uuid(), app.appId, name, b.data.tenantId);
  principal['@odata.type'] = AGENT_ID_TYPES.blueprintPrincipal;
  principal.signInAudience = app.signInAudience;
  b.data.servicePrincipals.push(principal);
  b.signIn(app.appId, rng.int(0, 10), false);
  return app;
}
