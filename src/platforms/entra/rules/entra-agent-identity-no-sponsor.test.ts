import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { fixtureViews, NOW } from '../fixtures/index.js';
import { rule } from './entra-agent-identity-no-sponsor.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('entra-agent-identity-no-sponsor on transformed Graph payloads', () => {
  it('fires on the agent identity whose sponsors list is empty', () => {
    const hits = hitsOn(['orphan-agent']);
    expect(hits.map((h) => [h.identity.name, h.rule.severity, h.evidence])).toEqual([
      [
        'orphan-agent',
        'high',
        [
          {
            field: 'attributes.sponsorCount',
            value: '0',
            source:
              'agent identity (blueprint a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c72) has no sponsor per GET /servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors',
          },
        ],
      ],
    ]);
  });

  it('stays silent on a sponsored agent, on the blueprint and on service principals without sponsors', () => {
    // triage-agent: Ada sponsors it; support-agent-blueprint: an application (agents have sponsors, blueprints
    // owners); Fabrikam Sign: a third-party service principal, which has no sponsors to have.
    expect(hitsOn(['triage-agent', 'support-agent-blueprint', 'Fabrikam Sign'])).toEqual([]);
  });
});
