import type { OwnerClaim } from '../../../model/index.js';
import { type Graph, q } from './graph.js';
import type { WireAgentIdentity, WireApplication, WireDirectoryObject, WireServicePrincipal } from './graph-types.js';

/** Graph's @odata.type of the Entra Agent ID objects, on items of the base servicePrincipal/application lists. */
export const AGENT_IDENTITY_TYPE = '#microsoft.graph.agentIdentity';
export const AGENT_BLUEPRINT_TYPE = '#microsoft.graph.agentIdentityBlueprint';

/** An agent identity: Graph types it as such, or gives it the servicePrincipalType every agent identity has. */
export function isAgentIdentity(sp: WireServicePrincipal | null): boolean {
  return !!sp && (sp['@odata.type'] === AGENT_IDENTITY_TYPE || sp.servicePrincipalType === 'ServiceIdentity');
}

/** An agent identity blueprint: the application agent identities are created from (it holds their credentials). */
export function isAgentBlueprint(app: WireApplication | null): boolean {
  return !!app && app['@odata.type'] === AGENT_BLUEPRINT_TYPE;
}

const SPONSOR_SELECT = 'id,mail,userPrincipalName';
const AGENT_SELECT = `$select=id,agentIdentityBlueprintId&$expand=sponsors($select=${SPONSOR_SELECT})`;

/** GET /servicePrincipals/microsoft.graph.agentIdentity with sponsors expanded (Graph's page size is 100 at most). */
export function listAgentIdentities(graph: Graph, onPage: (agents: WireAgentIdentity[]) => void | Promise<void>) {
  return graph.each<WireAgentIdentity>(
    `/servicePrincipals/microsoft.graph.agentIdentity?${AGENT_SELECT}&$top=100`,
    'agentIdentities',
    onPage,
  );
}

/** GET /servicePrincipals/{id}/microsoft.graph.agentIdentity (delta scans: one changed agent); null when gone. */
export function getAgentIdentity(graph: Graph, id: string): Promise<WireAgentIdentity | null> {
  return graph.get<WireAgentIdentity>(
    `/servicePrincipals/${q(id)}/microsoft.graph.agentIdentity?${AGENT_SELECT}`,
    'agentIdentities',
  );
}

/** GET /servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors: every sponsor, past the $expand cap. */
export async function listSponsors(graph: Graph, id: string): Promise<WireDirectoryObject[]> {
  const path = `/servicePrincipals/${q(id)}/microsoft.graph.agentIdentity/sponsors?$select=${SPONSOR_SELECT}`;
  return (await graph.all<WireDirectoryObject>(path, 'agentIdentities.sponsors')).items;
}

/** What an agent identity's lookup says: its blueprint (appId) and its sponsors. */
export interface AgentInfo {
  blueprintId: string | null;
  sponsors: WireDirectoryObject[];
}

/**
 * Sponsors of an agent identity → explicit_owner claims. Pure. Microsoft makes the sponsor the person accountable
 * for the agent (who reviews and offboards it), which is what an owner is here; users are referenced by e-mail
 * (else object id). Group sponsors are no person: they count as sponsors but make no claim.
 */
export function transformSponsors(sponsors: readonly WireDirectoryObject[], agentId: string): OwnerClaim[] {
  const claims: OwnerClaim[] = [];
  for (const s of sponsors) {
    if (!s.id || (s['@odata.type'] ?? '#microsoft.graph.user') !== '#microsoft.graph.user') continue;
    const email = s.mail ?? s.userPrincipalName ?? null;
    claims.push({
      ref: email ? email.toLowerCase() : s.id,
      refType: email ? 'email' : 'native_user_id',
      source: 'explicit_owner',
      confidence: 0.95,
      evidence: `GET /servicePrincipals/${agentId}/microsoft.graph.agentIdentity/sponsors`,
    });
  }
  return claims;
}

/** Sponsors that name someone: users and groups with an id (a malformed entry is not a sponsor). */
export function sponsorCount(sponsors: readonly WireDirectoryObject[]): number {
  return sponsors.filter((s) => typeof s.id === 'string' && s.id.length > 0).length;
}
