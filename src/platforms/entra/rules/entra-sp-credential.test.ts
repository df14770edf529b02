import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { fixtureViews, NOW } from '../fixtures/index.js';
import { rule } from './entra-sp-credential.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('entra-sp-credential on transformed Graph payloads', () => {
  it('fires on the secret Graph lists on the service principal, not on the application secrets beside it', () => {
    const hits = hitsOn(['legacy-reporting']);
    expect(hits.map((h) => h.identity.name)).toEqual(['legacy-reporting']);
    expect(hits[0].evidence).toEqual([
      {
        field: 'credentials[3] (sp-secret)',
        value:
          'entra:contoso.onmicrosoft.com:application:8e7d6c5b-4a39-4281-b0c9-d8e7f6a5b434:sp:password:1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d04',
        source: 'client_secret created 2026-07-01 on the service principal per Graph servicePrincipal credentials',
      },
    ]);
  });

  it('stays silent on application secrets and certificates and on federated credentials', () => {
    expect(hitsOn(['hr-directory-sync', 'mailbox-archiver', 'build-agent'])).toEqual([]);
  });
});
