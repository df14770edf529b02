import { describe, expect, it } from 'vitest';
import { slackFacts } from './facts.js';
import { factsProblems } from './fixtures/facts-check.js';
import { fixtureIdentities } from './fixtures/index.js';

describe('Slack typed facts', () => {
  const identities = fixtureIdentities();

  it('declare exactly the nativeTypes the transforms emit on the fixtures', () => {
    expect([...new Set(identities.map((i) => i.nativeType))].sort()).toEqual(Object.keys(slackFacts).sort());
  });

  it('accept every attribute of every fixture identity and permission', () => {
    expect(identities.flatMap(factsProblems)).toEqual([]);
  });

  it('reject an attribute the transforms do not emit, and a value of the wrong type', () => {
    const app = identities.find((i) => i.nativeType === 'app')!;
    expect(factsProblems({ ...app, attributes: { ...app.attributes, installedBy: 'W1' } })).toHaveLength(1);
    expect(factsProblems({ ...app, attributes: { ...app.attributes, status: 'pending' } })).toHaveLength(1);
    const [scope] = app.permissions!;
    expect(
      factsProblems({ ...app, permissions: [{ ...scope, attributes: { ...scope.attributes, tokenType: 'app' } }] }),
    ).toHaveLength(1);
    expect(factsProblems({ ...app, nativeType: 'apps' })).toEqual([
      expect.stringContaining(`${app.id}, but its facts declare no nativeType "apps"`),
    ]);
  });
});
