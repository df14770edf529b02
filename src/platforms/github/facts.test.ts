import { describe, expect, it } from 'vitest';
import { githubFacts } from './facts.js';
import { factsProblems } from './fixtures/facts-check.js';
import { fixtureIdentities } from './fixtures/index.js';

describe('GitHub typed facts', () => {
  const identities = fixtureIdentities();

  it('declare exactly the nativeTypes the transforms emit on the fixtures', () => {
    expect([...new Set(identities.map((i) => i.nativeType))].sort()).toEqual(Object.keys(githubFacts).sort());
  });

  it('accept every attribute of every fixture identity, credential and permission', () => {
    expect(identities.flatMap(factsProblems)).toEqual([]);
  });

  it('reject an attribute the transforms do not emit, and a value of the wrong type', () => {
    const hook = identities.find((i) => i.nativeType === 'org_hook')!;
    expect(factsProblems({ ...hook, attributes: { ...hook.attributes, insecure_ssl: '1' } })).toHaveLength(1);
    expect(factsProblems({ ...hook, attributes: { ...hook.attributes, insecureSsl: '1' } })).toHaveLength(1);
    const key = identities.find((i) => i.nativeType === 'deploy_key')!;
    expect(factsProblems({ ...key, nativeType: 'deploy_keys' })).toEqual([
      expect.stringContaining(`${key.id}, but its facts declare no nativeType "deploy_keys"`),
    ]);
  });
});
