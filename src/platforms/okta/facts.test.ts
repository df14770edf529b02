import { describe, expect, it } from 'vitest';
import { oktaFacts } from './facts.js';
import { factsProblems } from './fixtures/facts-check.js';
import { fixtureIdentities } from './fixtures/index.js';

describe('Okta typed facts', () => {
  const identities = fixtureIdentities();

  it('declare exactly the nativeTypes the transforms emit on the fixtures', () => {
    expect([...new Set(identities.map((i) => i.nativeType))].sort()).toEqual(Object.keys(oktaFacts).sort());
  });

  it('accept every attribute of every fixture identity, credential and permission', () => {
    expect(identities.flatMap(factsProblems)).toEqual([]);
  });

  it('reject an attribute the transforms do not emit, and a value of the wrong type', () => {
    const token = identities.find((i) => i.nativeType === 'api_token')!;
    expect(factsProblems({ ...token, attributes: { ...token.attributes, network: 'ANYWHERE' } })).toHaveLength(1);
    expect(factsProblems({ ...token, attributes: { ...token.attributes, networkConnection: 1 } })).toHaveLength(1);
    const app = identities.find((i) => i.nativeType === 'service_app')!;
    expect(factsProblems({ ...app, nativeType: 'service_apps' })).toEqual([
      expect.stringContaining(`${app.id}, but its facts declare no nativeType "service_apps"`),
    ]);
    const [secret] = identities.find((i) => i.name === 'reporting-bot')!.credentials!;
    expect(
      factsProblems({
        ...app,
        credentials: [{ ...secret, attributes: { ...secret.attributes, credentialKind: 'cert' } }],
      }),
    ).toHaveLength(1);
  });
});
