import { describe, expect, it } from 'vitest';
import type { ViewOf } from '../../analysis/risk/platform-rule.js';
import { entraFacts } from './facts.js';
import { fixtureIdentities } from './fixtures/index.js';

describe('Entra typed facts', () => {
  const identities = fixtureIdentities();

  it('describe every attribute the transforms emit, for every nativeType', () => {
    expect([...new Set(identities.map((i) => i.nativeType))].sort()).toEqual(Object.keys(entraFacts).sort());
    for (const i of identities) {
      const facts = entraFacts[i.nativeType as keyof typeof entraFacts];
      expect(facts.identity.safeParse(i.attributes).error, i.name).toBeUndefined();
      for (const c of i.credentials ?? []) expect(facts.credential.safeParse(c.attributes).error, c.id).toBeUndefined();
      for (const p of i.permissions ?? [])
        expect(facts.permission.safeParse(p.attributes).error, p.nativeName).toBeUndefined();
    }
  });

  it('reject a spelling the connector does not write', () => {
    const secret = identities
      .flatMap((i) => i.credentials ?? [])
      .find((c) => c.attributes?.setOn === 'servicePrincipal');
    expect(secret).toBeDefined();
    expect(entraFacts.servicePrincipal.credential.safeParse(secret?.attributes).success).toBe(true);
    expect(
      entraFacts.servicePrincipal.credential.safeParse({ ...secret?.attributes, on: 'servicePrincipal' }).success,
    ).toBe(false);
  });

  it('type rule views by them', () => {
    const read = (v: ViewOf<typeof entraFacts, 'servicePrincipal'>) => {
      // @ts-expect-error only setOn says where a credential is set
      void v.credentials[0]?.attributes.on;
      return v.credentials.map((c) => c.attributes.setOn);
    };
    expect(read).toBeTypeOf('function');
  });
});
