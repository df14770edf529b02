import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importChunks } from '../../../monitoring/pipeline.js';
import { openStore, type Store } from '../../../store/index.js';
import { entraActivity } from './index.js';
import { graphSignInsFormat } from './sign-ins.js';

// Hand-written after the Graph signIn resource (learn.microsoft.com/graph/api/resources/signin).
const SP = '0c2b3c4d-1111-4a5b-9c8d-aaaaaaaaaaaa';
const APP = '6131d760-7fda-4db5-8bb1-b771898e9f15';
const KEY = 'DBCD79C0-C3EA-46B9-9604-FF40D43B8618';
const signIn = (over: Record<string, unknown> = {}) => ({
  id: 'si-1',
  createdDateTime: '2026-11-02T06:22:28.3518405Z',
  appId: APP,
  appDisplayName: 'billing-sync',
  servicePrincipalId: SP,
  servicePrincipalName: 'billing-sync',
  servicePrincipalCredentialKeyId: KEY,
  ipAddress: '198.51.100.20',
  status: { errorCode: 0 },
  resourceDisplayName: 'Microsoft Graph',
  isInteractive: false,
  ...over,
});

describe('Entra sign-ins → Authentication events', () => {
  it('reads a bare Graph signIn and the Azure Monitor envelope alike', () => {
    const bare = graphSignInsFormat.parse(signIn())[0];
    const wrapped = graphSignInsFormat.parse({
      time: '2026-11-02T06:22:28Z',
      category: 'ServicePrincipalSignInLogs',
      tenantId: 'tenant-1',
      properties: signIn({ status: { errorCode: 7000215 } }),
    })[0];
    expect(bare).toMatchObject({
      id: 'si-1',
      platform: 'entra',
      classUid: 3002,
      operation: 'signin:Microsoft Graph',
      success: true,
      sourceIp: '198.51.100.20',
      actor: { principal: SP, name: 'billing-sync', keys: [KEY.toLowerCase(), SP, APP], programmatic: true },
    });
    expect([wrapped.tenant, wrapped.success]).toEqual(['tenant-1', false]);
    expect(graphSignInsFormat.parse({ value: [signIn(), signIn({ id: 'si-2' })] }).map((e) => e.id)).toEqual([
      'si-1',
      'si-2',
    ]);
    expect(() => graphSignInsFormat.parse({ id: 'x', createdDateTime: '2026-11-02T00:00:00Z' })).toThrow(
      'not a sign-in',
    );
  });

  describe('resolution through the declared key attributes', () => {
    let store: Store;
    beforeEach(async () => {
      store = await openStore(':memory:');
    });
    afterEach(() => store.close());

    it('resolves a sign-in to the application by its keyId and moves the credential last use forward', async () => {
      const common = { platform: 'entra', tenant: 'contoso', sync_run_id: 'r1', scope: '' };
      const identityId = 'entra:contoso:application:obj-1';
      await store.db
        .insertInto('identities')
        .values({
          ...common,
          id: identityId,
          kind: 'service_account',
          native_type: 'application',
          native_id: 'obj-1',
          name: 'billing-sync',
          created_at: null,
          created_by: null,
          last_used_at: null,
          last_used_source: null,
          enabled: 1,
          publisher_name: null,
          publisher_verified: null,
          publisher_domain: null,
          third_party: 0,
          interactive: 0,
          environment: null,
          attributes: JSON.stringify({ appId: APP, servicePrincipalId: SP }),
          owner_claims: '[]',
          first_seen: '2026-01-01T00:00:00Z',
          last_seen: '2026-01-01T00:00:00Z',
          gone_at: null,
          gone_run_id: null,
          stale: '[]',
        })
        .execute();
      await store.db
        .insertInto('credentials')
        .values({
          ...common,
          id: `${identityId}:app:password:${KEY.toLowerCase()}`,
          identity_id: identityId,
          type: 'client_secret',
          name: 'ci secret',
          created_at: null,
          expires_at: null,
          last_used_at: null,
          last_used_source: null,
          fingerprint: null,
          enabled: 1,
          attributes: JSON.stringify({ keyId: KEY.toLowerCase() }),
        })
        .execute();
      async function* one() {
        yield `${JSON.stringify(signIn())}\n`;
      }
      const s = await importChunks(one(), {
        store,
        format: graphSignInsFormat,
        platform: 'entra',
        lastUsedSource: entraActivity.lastUsedSource,
        keyAttributes: entraActivity.keyAttributes,
        now: () => new Date('2026-12-05T00:00:00Z'),
        enrich: false,
      });
      expect(s.actors).toMatchObject({ resolved: 1, unresolved: 0 });
      const cred = await store.db
        .selectFrom('credentials')
        .select(['last_used_at', 'last_used_source'])
        .executeTakeFirstOrThrow();
      expect(cred).toEqual({
        last_used_at: '2026-11-02T06:22:28.351Z',
        last_used_source: 'Entra sign-in and audit events',
      });
    });
  });
});
