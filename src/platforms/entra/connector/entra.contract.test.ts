import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Identity } from '../../../model/index.js';
import type { ResourceInfo } from './app-role-assignments.js';
import { transformAppRoleAssignments } from './app-role-assignments.js';
import { transformPasswordAndKeyCredentials } from './credentials.js';
import { transformFederatedIdentityCredentials } from './federated-credentials.js';
import type { WireApplication, WireServicePrincipal } from './graph-types.js';
import { assembleIdentity } from './identity.js';
import { transformOAuth2PermissionGrants } from './oauth2-permission-grants.js';
import { transformOwners } from './owners.js';
import { classifyServicePrincipal, servicePrincipalPublisher } from './service-principals.js';
import { packSignInActivity, transformSignInActivity, unpackSignInActivity } from './sign-in-activity.js';
import { corporaDir } from '../../../testing/corpora.js';

// Transforms checked against Microsoft's own Graph docs examples (../shared/corpora/msgraph-nhi-docs-examples).
const corpus = join(corporaDir(), 'msgraph-nhi-docs-examples');

interface Example {
  doc: string;
  blockType: string;
  json?: Record<string, unknown>;
}
const examples: Example[] = [
  ...(JSON.parse(readFileSync(join(corpus, 'examples_from_docs.json'), 'utf8')) as Example[]),
  ...(JSON.parse(readFileSync(join(corpus, 'examples_from_docs_contrib_current.json'), 'utf8')) as Example[]),
];
function response(doc: string): Record<string, unknown> {
  const e = examples.find((x) => x.doc === doc && x.blockType === 'response' && x.json);
  if (!e?.json) throw new Error(`no response example for ${doc} in ${corpus}`);
  return e.json;
}
const TENANT = 'contoso.onmicrosoft.com';
const ID = `entra:${TENANT}:application:03ef14b0-ca33-4840-8f4f-d6e91916010e`;

describe('Entra transforms on Microsoft Graph docs examples', () => {
  it('finds the corpus', () => {
    expect(existsSync(corpus)).toBe(true);
  });

  it('application (GET /applications/{id}) → a valid service_account identity', () => {
    const app = response('v1.0/api/application-get.md') as unknown as WireApplication;
    const identity = assembleIdentity({
      tenant: TENANT,
      application: app,
      servicePrincipal: null,
      spClass: null,
      appOwners: [],
      spOwners: [],
      federatedCredentials: [],
      appRoleAssignments: [],
      grants: [],
      resources: new Map(),
      userLookup: () => undefined,
      signIn: undefined,
      signInTracked: true,
    });
    const parsed = Identity.parse(identity);
    expect(parsed.id).toBe(ID);
    expect(parsed.kind).toBe('service_account');
    expect(parsed.name).toBe('Display name');
    expect(parsed.createdAt).toBe('2019-09-17T19:10:35.274Z');
    expect(parsed.publisher).toEqual({ name: null, verified: false, domain: 'contoso.onmicrosoft.com' });
    expect(parsed.attributes.appId).toBe('631a96bc-a705-4eda-9f99-fdaf9f54f6a2');
    expect(parsed.lastUsedSource).toBe('servicePrincipalSignInActivities');
    expect(parsed.lastUsedAt).toBeNull();
    expect(parsed.credentials).toEqual([]);
  });

  it('passwordCredential (addPassword response) → client_secret with dates and hint, never the secretText', () => {
    const cred = response('v1.0/api/application-addpassword.md');
    const [c] = transformPasswordAndKeyCredentials(ID, { passwordCredentials: [cred] }, 'application');
    expect(c.type).toBe('client_secret');
    expect(c.id).toBe(`${ID}:app:password:f0b0b335-1d71-4883-8f98-567911bfdca6`);
    expect(c.name).toBe('Password friendly name');
    expect(c.createdAt).toBe('2019-09-09T19:50:29.308Z');
    expect(c.expiresAt).toBe('2021-09-09T19:50:29.308Z');
    expect(c.attributes).toMatchObject({ hint: '[6g', supportsExpiry: true, setOn: 'application' });
    expect(JSON.stringify(c)).not.toContain(String(cred.secretText));
    const [onSp] = transformPasswordAndKeyCredentials(ID, { passwordCredentials: [cred] }, 'servicePrincipal');
    expect(onSp.attributes).toMatchObject({ setOn: 'servicePrincipal' });
    expect(onSp.id).toContain(':sp:password:');
  });

  it('federatedIdentityCredential (docs-contrib list) → federated credential with issuer and subject', () => {
    const list = response('v1.0/api/application-list-federatedidentitycredentials.md');
    const creds = transformFederatedIdentityCredentials(ID, list.value as never);
    expect(creds).toHaveLength(1);
    expect(creds[0]).toMatchObject({
      type: 'federated',
      name: 'testing',
      id: `${ID}:app:federated:bdad0963-4a7a-43ae-b569-e67e1da3f2c0`,
    });
    expect(creds[0].attributes).toMatchObject({
      issuer: 'https://login.microsoftonline.com/3d1e2be9-a10a-4a0c-8380-7ce190f98ed9/v2.0',
      issuerKind: 'entra',
      subject: 'a7d388c3-5e3f-4959-ac7d-786b3383006a',
      audiences: ['api://AzureADTokenExchange'],
      supportsExpiry: false,
    });
  });

  it('servicePrincipal (GET /servicePrincipals/{id}) → classified by appOwnerOrganizationId', () => {
    const sp = response('v1.0/api/serviceprincipal-get.md') as unknown as WireServicePrincipal;
    expect(classifyServicePrincipal(sp, '65415bb1-9267-4313-bbf5-ae259732ee12', new Set())).toBe('home_orphan');
    expect(classifyServicePrincipal(sp, '65415bb1-9267-4313-bbf5-ae259732ee12', new Set(['appId-value']))).toBe(
      'home_app',
    );
    expect(classifyServicePrincipal(sp, 'another-tenant', new Set())).toBe('third_party');
    expect(servicePrincipalPublisher(sp)).toBeNull();
    const identity = Identity.parse(
      assembleIdentity({
        tenant: TENANT,
        application: null,
        servicePrincipal: sp,
        spClass: 'third_party',
        appOwners: [],
        spOwners: [],
        federatedCredentials: [],
        appRoleAssignments: [],
        grants: [],
        resources: new Map(),
        userLookup: () => undefined,
        signIn: undefined,
        signInTracked: true,
      }),
    );
    expect(identity).toMatchObject({
      kind: 'oauth_app',
      thirdParty: true,
      name: 'My app instance in tenant',
      enabled: true,
      nativeType: 'servicePrincipal',
      nativeId: '00af5dfb-85da-4b41-a677-0c6b86dd34f8',
    });
    // beta lists carry publisherName: an unverified publisher.
    const beta = (response('beta/api/serviceprincipal-list.md').value as WireServicePrincipal[])[0];
    expect(servicePrincipalPublisher(beta)).toEqual({ name: 'Contoso', verified: false, domain: null });
  });

  it('appRoleAssignment (GET /servicePrincipals/{id}/appRoleAssignments) → application permission named from the resource appRoles', () => {
    const list = response('v1.0/api/serviceprincipal-list-approleassignments.md').value as never[];
    const graph: ResourceInfo = {
      id: 'fea94d6d-b5bf-44d2-a887-4f72a8d74f44',
      appId: '00000003-0000-0000-c000-000000000000',
      displayName: 'Microsoft Graph',
      appRoles: [{ id: 'e2a3a72e-5f79-4c64-b1b1-878b674786c9', value: 'Mail.ReadWrite' }],
    };
    const [p] = transformAppRoleAssignments(list, new Map([[graph.id, graph]]));
    expect(p).toMatchObject({
      nativeName: 'Mail.ReadWrite',
      resource: 'Microsoft Graph',
      access: 'write',
      sensitivity: 'high',
      pathToAdmin: false,
      source: 'appRoleAssignment',
    });
    expect(p.attributes).toMatchObject({
      type: 'Application',
      grantedAt: '2021-02-02T04:22:45.498Z',
      resolved: true,
      tenantWide: false,
    });
    const [unresolved] = transformAppRoleAssignments(list, new Map());
    expect(unresolved).toMatchObject({
      nativeName: 'e2a3a72e-5f79-4c64-b1b1-878b674786c9',
      resource: 'Microsoft Graph',
    });
    expect(unresolved.attributes).toMatchObject({ resolved: false });
  });

  it('oAuth2PermissionGrant (list) → delegated permission per scope; AllPrincipals is tenant-wide', () => {
    const [g] = response('v1.0/api/oauth2permissiongrant-list.md').value as Array<Record<string, string>>;
    const [p] = transformOAuth2PermissionGrants([g as never], new Map());
    expect(p).toMatchObject({
      nativeName: 'scope-value',
      resource: 'resourceId-value',
      source: 'oauth2PermissionGrant',
    });
    expect(p.attributes).toMatchObject({
      consentType: 'Principal',
      tenantWide: false,
      principalIds: ['principalId-value'],
    });
    const admin = transformOAuth2PermissionGrants(
      [{ ...g, consentType: 'AllPrincipals', principalId: null, scope: 'openid Directory.ReadWrite.All' } as never],
      new Map(),
    );
    expect(admin.map((x) => x.nativeName)).toEqual(['openid', 'Directory.ReadWrite.All']);
    expect(admin.every((x) => (x.attributes as Record<string, unknown>).tenantWide === true)).toBe(true);
    expect(admin[1]).toMatchObject({ access: 'admin', pathToAdmin: true });
  });

  it('owners (GET /applications/{id}/owners) → explicit_owner claims', () => {
    const list = response('v1.0/api/application-list-owners.md').value as never[];
    const { claims } = transformOwners(list, 'application', 'app-1');
    expect(claims).toEqual([
      {
        ref: 'id-value',
        refType: 'native_user_id',
        source: 'explicit_owner',
        confidence: 0.95,
        evidence: 'GET /applications/app-1/owners',
      },
    ]);
    const withMail = transformOwners(
      [
        { '@odata.type': '#microsoft.graph.user', id: 'u1', mail: 'Ada@Contoso.com' },
        { '@odata.type': '#microsoft.graph.servicePrincipal', id: 'sp9' },
      ],
      'servicePrincipal',
      'sp-1',
    );
    expect(withMail.claims.map((c) => [c.ref, c.refType])).toEqual([['ada@contoso.com', 'email']]);
    expect(withMail.nonUserOwners).toEqual(['servicePrincipal:sp9']);
  });

  it('servicePrincipalSignInActivity (beta report) → last use is the latest sign-in as the client', () => {
    const [a, b] = response('beta/api/reportroot-list-serviceprincipalsigninactivities.md').value as never[];
    // applicationAuthenticationClient "2021-03-01T00:00:00-8:00" is 08:00Z; the later resource-side sign-in
    // (2021-04-01, others signing in to the app) is kept apart, as lastUsedAsResourceAt.
    expect(transformSignInActivity(a).lastUsedAt).toBe('2021-03-01T08:00:00.000Z');
    expect(transformSignInActivity(a).lastUsedAsResourceAt).toBe('2021-04-01T08:00:00.000Z');
    expect(transformSignInActivity(b).detail.delegatedClient).toBe('2021-01-01T08:00:00.000Z');
    expect(transformSignInActivity(undefined).lastUsedAt).toBeNull();
    // The full scan holds the report packed: the transform must read the same from the packed form.
    for (const entry of [a, b])
      expect(transformSignInActivity(unpackSignInActivity(packSignInActivity(entry)))).toEqual(
        transformSignInActivity(entry),
      );
  });
});
