import { describe, expect, it } from 'vitest';
import { googleFacts } from './facts.js';
import { factsProblems } from './fixtures/facts-check.js';
import { fixtureIdentities } from './fixtures/index.js';

describe('Google typed facts', () => {
  const identities = fixtureIdentities();

  it('declare exactly the nativeTypes the transforms emit on the fixtures', () => {
    expect([...new Set(identities.map((i) => i.nativeType))].sort()).toEqual(Object.keys(googleFacts).sort());
  });

  it('accept every attribute of every fixture identity and permission', () => {
    expect(identities.flatMap(factsProblems)).toEqual([]);
  });

  it('reject an attribute the transforms do not emit, and a value of the wrong type', () => {
    const client = identities.find((i) => i.nativeType === 'oauth_client')!;
    expect(factsProblems({ ...client, attributes: { ...client.attributes, verified: true } })).toHaveLength(1);
    expect(factsProblems({ ...client, attributes: { ...client.attributes, grantedUsers: '5' } })).toHaveLength(1);
    const [scope] = client.permissions!;
    expect(
      factsProblems({ ...client, permissions: [{ ...scope, attributes: { ...scope.attributes, grantedUsers: -1 } }] }),
    ).toHaveLength(1);
    const dwd = identities.find((i) => i.nativeType === 'dwd_client')!;
    expect(factsProblems({ ...dwd, attributes: { ...dwd.attributes, serviceAccountsListed: null } })).toHaveLength(1);
  });
});
