import { describe, expect, it } from 'vitest';
import { salesforceFacts } from './facts.js';
import { factsProblems } from './fixtures/facts-check.js';
import { fixtureIdentities } from './fixtures/index.js';

describe('Salesforce typed facts', () => {
  const identities = fixtureIdentities();

  it('declare exactly the nativeTypes the transforms emit on the fixtures', () => {
    expect([...new Set(identities.map((i) => i.nativeType))].sort()).toEqual(Object.keys(salesforceFacts).sort());
  });

  it('accept every attribute of every fixture identity, credential and permission', () => {
    expect(identities.flatMap(factsProblems)).toEqual([]);
  });

  it('reject an attribute the transforms do not emit, and a value of the wrong type', () => {
    const app = identities.find((i) => i.nativeType === 'connected_app')!;
    expect(factsProblems({ ...app, attributes: { ...app.attributes, ipRelaxation: 'ENFORCE' } })).toHaveLength(1);
    expect(factsProblems({ ...app, attributes: { ...app.attributes, refreshTokenPolicy: 'forever' } })).toHaveLength(1);
    const user = identities.find((i) => i.nativeType === 'integration_user' && (i.permissions ?? []).length > 0)!;
    const [permission] = user.permissions!;
    expect(
      factsProblems({
        ...user,
        permissions: [{ ...permission, attributes: { ...permission.attributes, viaProfile: 'yes' } }],
      }),
    ).toHaveLength(1);
  });
});
