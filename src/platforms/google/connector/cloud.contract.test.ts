import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corporaDir } from '../../../testing/corpora.js';
import { CLOUD_CALLS } from './cloud-endpoints.js';
import { CLOUD_SOURCES } from './cloud-sources.js';
import { SA_PAGE_SIZE } from './service-accounts.js';
import { ACTIVITIES_PAGE_SIZE, activitiesParent } from './last-authentication.js';
import { POOLS_PAGE_SIZE, PROVIDERS_PAGE_SIZE } from './workload-identity.js';

/**
 * The Cloud part against Google's own discovery documents (../shared/corpora/google-apis-discovery-nhi: iam v1 and
 * policyanalyzer v1, read by path): every call Steward makes exists with that method and flat path, every page size
 * is within the documented maximum, and every field and enum value the transforms read is in the schema.
 * (cloudresourcemanager v3 is not in the corpus: projects.search and getIamPolicy are checked through the SDK types.)
 */
interface Method {
  httpMethod: string;
  flatPath?: string;
  path: string;
  parameters?: Record<string, { description?: string; enum?: string[]; pattern?: string }>;
}
interface Resource {
  methods?: Record<string, Method>;
  resources?: Record<string, Resource>;
}
interface Discovery extends Resource {
  schemas: Record<string, { properties: Record<string, { enum?: string[]; items?: { $ref?: string } }> }>;
}

const corpora = (() => {
  try {
    return corporaDir();
  } catch {
    return null;
  }
})();
const doc = (file: string): Discovery =>
  JSON.parse(readFileSync(join(corpora ?? '.', 'google-apis-discovery-nhi', file), 'utf8')) as Discovery;

function methods(r: Resource, out: Method[] = []): Method[] {
  out.push(...Object.values(r.methods ?? {}));
  for (const child of Object.values(r.resources ?? {})) methods(child, out);
  return out;
}

const declared = (m: Method) => `${m.httpMethod} /${m.flatPath ?? m.path}`;

describe.skipIf(!corpora)('Google Cloud discovery documents', () => {
  const iam = doc('iam.v1.nhi-subset.json');
  const analyzer = doc('policyanalyzer.v1.json');
  const all = [...methods(iam), ...methods(analyzer)];
  const byCall = new Map(all.map((m) => [declared(m), m]));

  it('every IAM and Policy Analyzer call is a documented method with that HTTP method and flat path', () => {
    const calls = Object.values(CLOUD_CALLS).filter((c) => c.includes(' /v1/'));
    expect(calls.length).toBe(5);
    for (const call of calls) expect(byCall.has(call), call).toBe(true);
    const sourceEndpoints = CLOUD_SOURCES.flatMap((s) => s.endpoints).filter((e) => e.includes(' /v1/'));
    expect(sourceEndpoints.sort()).toEqual(calls.sort());
  });

  it('page sizes are the documented maxima', () => {
    const size = (call: string) => byCall.get(call)?.parameters?.pageSize?.description ?? '';
    expect(size(CLOUD_CALLS.listServiceAccounts)).toContain(`maximum is ${SA_PAGE_SIZE}`);
    expect(size(CLOUD_CALLS.queryActivities)).toContain(`Max limit is ${ACTIVITIES_PAGE_SIZE}`);
    expect(size(CLOUD_CALLS.listPools)).toContain(`maximum value is ${POOLS_PAGE_SIZE}`);
    expect(size(CLOUD_CALLS.listProviders)).toContain(`maximum value is ${PROVIDERS_PAGE_SIZE}`);
  });

  it('the Policy Analyzer parent Steward builds matches the documented pattern', () => {
    const pattern = byCall.get(CLOUD_CALLS.queryActivities)?.parameters?.parent?.pattern as string;
    expect(new RegExp(pattern).test(activitiesParent('acme-prod', 'serviceAccountKeyLastAuthentication'))).toBe(true);
  });

  it('keys.list filters by the USER_MANAGED key type', () => {
    expect(byCall.get(CLOUD_CALLS.listKeys)?.parameters?.keyTypes?.enum).toContain('USER_MANAGED');
  });

  it('the fields and enum values the transforms read exist in the schemas', () => {
    const props = (schema: string) => iam.schemas[schema]?.properties ?? {};
    expect(Object.keys(props('ServiceAccount'))).toEqual(
      expect.arrayContaining([
        'email',
        'uniqueId',
        'oauth2ClientId',
        'disabled',
        'description',
        'displayName',
        'projectId',
        'name',
      ]),
    );
    const key = props('ServiceAccountKey');
    expect(Object.keys(key)).toEqual(
      expect.arrayContaining([
        'name',
        'validAfterTime',
        'validBeforeTime',
        'keyAlgorithm',
        'keyOrigin',
        'keyType',
        'disabled',
        'disableReason',
        'extendedStatus',
      ]),
    );
    expect(key.keyType.enum).toEqual(expect.arrayContaining(['USER_MANAGED', 'SYSTEM_MANAGED']));
    expect(key.disableReason.enum).toEqual(
      expect.arrayContaining([
        'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED',
        'SERVICE_ACCOUNT_KEY_DISABLE_REASON_COMPROMISE_DETECTED',
      ]),
    );
    expect(props('ExtendedStatus').key.enum).toEqual(
      expect.arrayContaining([
        'SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_EXPOSED',
        'SERVICE_ACCOUNT_KEY_EXTENDED_STATUS_KEY_COMPROMISE_DETECTED',
      ]),
    );
    expect(Object.keys(props('WorkloadIdentityPoolProvider'))).toEqual(
      expect.arrayContaining([
        'name',
        'attributeCondition',
        'attributeMapping',
        'oidc',
        'aws',
        'saml',
        'disabled',
        'state',
      ]),
    );
    expect(Object.keys(props('Oidc'))).toEqual(expect.arrayContaining(['issuerUri', 'allowedAudiences']));
    expect(Object.keys(analyzer.schemas.GoogleCloudPolicyanalyzerV1Activity.properties)).toEqual(
      expect.arrayContaining(['activity', 'activityType', 'fullResourceName', 'observationPeriod']),
    );
  });
});
