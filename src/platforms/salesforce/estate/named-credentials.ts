import { NAMED_CREDENTIAL_ENDPOINTS, PRINCIPAL_TYPES } from './catalogue.js';
import { type GenContext, ago, identityId, label, ownerOf, sfId } from './context.js';
import { creatorOf } from './integration-users.js';

/** Named credentials: a callout endpoint each, created by an administrator (or anyone, now and then). */
export function generateNamedCredentials(c: GenContext, count: number): void {
  for (let i = 0; i < count; i++) {
    const [name, endpoint] = NAMED_CREDENTIAL_ENDPOINTS[i % NAMED_CREDENTIAL_ENDPOINTS.length];
    const developerName = i < NAMED_CREDENTIAL_ENDPOINTS.length ? name : `${name}_${i}`;
    const created = ago(c, 10 + c.rng.ageDays(1200));
    const record = {
      Id: sfId(c, '0XA'),
      DeveloperName: developerName,
      MasterLabel: developerName.replace(/_/g, ' '),
      Endpoint: endpoint,
      PrincipalType: c.rng.pick(PRINCIPAL_TYPES),
      CreatedDate: created,
      CreatedById: String(creatorOf(c).Id),
      LastModifiedDate: created,
    };
    c.tables.NamedCredential.push(record);
    label(c, {
      id: identityId(c, 'named_credential', record.Id),
      tenant: c.myDomain,
      kind: 'secret',
      name: developerName,
      createdAt: created,
      lastUsedAt: null,
      usageTracked: false,
      enabled: true,
      thirdParty: false,
      publisherVerified: null,
      interactive: false,
      credentials: [],
      permissions: [],
      owner: ownerOf(c, record.CreatedById, 'creator'),
      platformRisks: [],
    });
  }
}
