import { describe, expect, it } from 'vitest';
import { AGENT_IDENTITIES, ORPHAN_AGENT, SUPPORT_AGENT_BLUEPRINT, TRIAGE_AGENT } from '../fixtures/agents.js';
import { fixtureIdentities } from '../fixtures/index.js';
import { isAgentBlueprint, isAgentIdentity, sponsorCount, transformSponsors } from './agent-identities.js';

describe('Entra Agent ID transforms', () => {
  it('tell agent identities and blueprints by Graph’s derived @odata.type or the ServiceIdentity type', () => {
    expect(isAgentIdentity(TRIAGE_AGENT)).toBe(true);
    expect(isAgentIdentity({ id: 'x', servicePrincipalType: 'ServiceIdentity' })).toBe(true);
    expect(isAgentIdentity({ id: 'x', servicePrincipalType: 'Application' })).toBe(false);
    expect(isAgentBlueprint(SUPPORT_AGENT_BLUEPRINT)).toBe(true);
    expect(isAgentBlueprint({ id: 'x' })).toBe(false);
  });

  it('make user sponsors explicit owners; a group sponsor counts but names no person', () => {
    const sponsors = [
      ...(AGENT_IDENTITIES[0].sponsors ?? []),
      { '@odata.type': '#microsoft.graph.group', id: 'g-1' },
      { '@odata.type': '#microsoft.graph.user', id: 'u-2', mail: null, userPrincipalName: null },
      { '@odata.type': '#microsoft.graph.user' },
    ];
    expect(sponsorCount(sponsors)).toBe(3);
    expect(transformSponsors(sponsors, TRIAGE_AGENT.id)).toEqual([
      {
        ref: 'ada@contoso.com',
        refType: 'email',
        source: 'explicit_owner',
        confidence: 0.95,
        evidence: `GET /servicePrincipals/${TRIAGE_AGENT.id}/microsoft.graph.agentIdentity/sponsors`,
      },
      {
        ref: 'u-2',
        refType: 'native_user_id',
        source: 'explicit_owner',
        confidence: 0.95,
        evidence: `GET /servicePrincipals/${TRIAGE_AGENT.id}/microsoft.graph.agentIdentity/sponsors`,
      },
    ]);
  });

  it('emit agent identities and blueprints as their own nativeTypes, keeping Graph’s base type in the id', () => {
    const byName = new Map(fixtureIdentities().map((i) => [i.name, i]));
    expect(byName.get('triage-agent')).toMatchObject({
      id: `entra:contoso.onmicrosoft.com:servicePrincipal:${TRIAGE_AGENT.id}`,
      nativeType: 'agentIdentity',
      attributes: { sponsorCount: 1, agentIdentityBlueprintId: SUPPORT_AGENT_BLUEPRINT.appId },
      ownerClaims: [{ ref: 'ada@contoso.com', source: 'explicit_owner' }],
    });
    expect(byName.get('orphan-agent')).toMatchObject({ nativeType: 'agentIdentity', attributes: { sponsorCount: 0 } });
    expect(byName.get('orphan-agent')?.ownerClaims).toEqual([]);
    expect(byName.get(ORPHAN_AGENT.displayName as string)?.kind).toBe('service_account');
    expect(byName.get('support-agent-blueprint')).toMatchObject({
      id: `entra:contoso.onmicrosoft.com:application:${SUPPORT_AGENT_BLUEPRINT.id}`,
      nativeType: 'agentIdentityBlueprint',
      attributes: { sponsorCount: null, agentIdentityBlueprintId: null, hasServicePrincipal: true },
    });
    expect(byName.get('hr-directory-sync')).toMatchObject({
      nativeType: 'application',
      attributes: { sponsorCount: null },
    });
  });
});
