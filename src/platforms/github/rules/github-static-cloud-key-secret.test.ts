import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import type { IdentityInput } from '../../../model/index.js';
import { view } from '../../../testing/views.js';
import * as codespacesSecrets from '../connector/codespaces-secrets.js';
import * as environmentSecrets from '../connector/environment-secrets.js';
import * as orgSecrets from '../connector/org-secrets.js';
import * as repoSecrets from '../connector/repo-secrets.js';
import { FIXTURE_NOW, FIXTURE_ORG, fixtureIdentities } from '../fixtures/index.js';
import { staleCodespacesOrgSecret, staleOrgSecret } from '../fixtures/organization.js';
import { staleRepoSecret } from '../fixtures/repositories.js';
import { rule, staticCloudKey } from './github-static-cloud-key-secret.js';

/** Inputs come only from the connector's transforms on the fixtures' payloads (names changed where the test says). */
const ctx = { org: FIXTURE_ORG };
const api = { ...ctx, repo: { name: 'api', full_name: `${FIXTURE_ORG}/api` } };
const hits = (identities: IdentityInput[]) =>
  evaluateViews(
    identities.map((i) => view(i)),
    { now: FIXTURE_NOW, rules: [rule] },
  );
const repoSecret = (name: string) => repoSecrets.transform({ ...staleRepoSecret, name }, api);

describe('github-static-cloud-key-secret', () => {
  it('fires on the org Actions secret ORG_AWS_SECRET_ACCESS_KEY, with the name as evidence', () => {
    expect(hits(fixtureIdentities()).map((h) => h.identity.id)).toEqual([
      'github:acme-corp:org_secret:ORG_AWS_SECRET_ACCESS_KEY',
    ]);
    expect(hits([orgSecrets.transform(staleOrgSecret, ctx)])[0].evidence).toEqual([
      {
        field: 'name',
        value: 'ORG_AWS_SECRET_ACCESS_KEY',
        source: 'secret name per github inventory (org_secret): a static AWS key',
      },
    ]);
  });

  it('fires on Azure and Google Cloud keys in repository and environment secrets', () => {
    const env = environmentSecrets.transform(
      { environment: 'production', secret: { ...staleRepoSecret, name: 'AZURE_CLIENT_SECRET' } },
      api,
    );
    const found = hits([env, repoSecret('GOOGLE_APPLICATION_CREDENTIALS'), repoSecret('AWS_ACCESS_KEY_ID_PROD')]);
    expect(found.map((h) => h.evidence[0].source.split(': ')[1])).toEqual([
      'a static Azure key',
      'a static Google Cloud key',
      'a static AWS key',
    ]);
  });

  it('stays silent on OIDC settings, other tokens and non-Actions stores', () => {
    for (const name of ['AWS_ROLE_ARN', 'AWS_REGION', 'AZURE_CLIENT_ID', 'GCP_WORKLOAD_IDENTITY_PROVIDER', 'NPM_TOKEN'])
      expect(hits([repoSecret(name)]), name).toEqual([]);
    expect(
      hits([codespacesSecrets.transform({ ...staleCodespacesOrgSecret, name: 'AWS_SECRET_ACCESS_KEY' }, ctx)]),
    ).toEqual([]);
    expect(staticCloudKey('MY_AWS_SECRET_ACCESS_KEYS')).toBeNull();
  });
});
