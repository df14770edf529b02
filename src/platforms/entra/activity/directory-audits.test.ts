import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDetections } from '../../../monitoring/detections-store.js';
import { readEvents } from '../../../monitoring/events-store.js';
import { importChunks } from '../../../monitoring/pipeline.js';
import { openStore, type Store } from '../../../store/index.js';
import { graphAuditsFormat } from './directory-audits.js';
import { entraActivity } from './index.js';

// Hand-written after the Graph directoryAudit resource (learn.microsoft.com/graph/api/resources/directoryaudit) and
// the ApplicationManagement activities Entra writes (names, KeyDescription values and ServicePrincipal.ObjectID as
// the audit log shows them).
const APP_OBJ = '11b49e19-2326-4be6-93cb-7f37439bbd81';
const APP_SP = '5a1b2c3d-0000-4e5f-8a9b-000000000001';
const OWNER = { id: 'aead923d-498b-4f64-a66c-2af91447a8b6', upn: 'ana@contoso.com' };
const STRANGER = { id: '0e6f0c1a-5f7e-4d5c-9a1b-2c3d4e5f6a7b', upn: 'mallory@contoso.com' };
const BOT_SP = '7c7c7c7c-1111-4a5b-9c8d-bbbbbbbbbbbb';
const BOT_APP = '0b0b0b0b-2222-4a5b-9c8d-cccccccccccc';

const key = (id: string) => `[KeyIdentifier=${id},KeyType=Password,KeyUsage=Verify,DisplayName=ci]`;
const byUser = (u: { id: string; upn: string }) => ({
  user: { id: u.id, displayName: null, userPrincipalName: u.upn, ipAddress: '198.51.100.7' },
  app: null,
});
const audit = (over: Record<string, unknown> = {}) => ({
  id: 'Directory_10065ffb-8199-48bc-8ff5-912cb5b8295a_AUMVX_1',
  category: 'ApplicationManagement',
  correlationId: '10065ffb-8199-48bc-8ff5-912cb5b8295a',
  result: 'success',
  resultReason: '',
  activityDisplayName: 'Update application – Certificates and secrets management ',
  activityDateTime: '2026-11-02T13:29:25.983Z',
  loggedByService: 'Core Directory',
  operationType: 'Update',
  initiatedBy: byUser(STRANGER),
  targetResources: [
    {
      id: APP_OBJ,
      displayName: 'billing-sync',
      type: 'Application',
      modifiedProperties: [
        { displayName: 'KeyDescription', oldValue: '[]', newValue: JSON.stringify([key('59eaeebc')]) },
        { displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' },
      ],
    },
  ],
  additionalDetails: [{ key: 'User-Agent', value: 'Mozilla/5.0 (Windows NT 10.0) WindowsPowerShell/5.1' }],
  ...over,
});
const spCredential = (initiatedBy: unknown, target: string, id: string) =>
  audit({
    id,
    activityDisplayName: 'Add service principal credentials',
    initiatedBy,
    targetResources: [
      {
        id: target,
        displayName: 'billing-sync',
        type: 'ServicePrincipal',
        modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: `["${key('aa')}"]` }],
      },
    ],
  });
const byApp = { user: null, app: { appId: BOT_APP, displayName: 'deployer', servicePrincipalId: BOT_SP } };

describe('Entra directory audits → events', () => {
  it('reads the actor, the target and the meaning of a credential change', () => {
    const [e] = graphAuditsFormat.parse(audit());
    expect(e).toMatchObject({
      platform: 'entra',
      classUid: 3001,
      operation: 'ApplicationManagement:Update application – Certificates and secrets management',
      success: true,
      sourceIp: '198.51.100.7',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0) WindowsPowerShell/5.1',
      actor: { principal: STRANGER.id, name: STRANGER.upn, keys: [STRANGER.id, STRANGER.upn], person: true },
      target: 'billing-sync',
      targetKeys: [APP_OBJ],
      tags: ['credential.create'],
    });
  });

  it('a removed key is not a new credential; another application adding one is a backdoor', () => {
    const removal = audit({
      targetResources: [
        {
          id: APP_OBJ,
          type: 'Application',
          modifiedProperties: [{ displayName: 'KeyDescription', oldValue: `["${key('a')}"]`, newValue: '[]' }],
        },
      ],
    });
    expect(graphAuditsFormat.parse(removal)[0].tags).toEqual([]);
    const [backdoor] = graphAuditsFormat.parse(spCredential(byApp, APP_SP, 'x'));
    expect(backdoor.tags).toEqual(['credential.create', 'credential.other']);
    expect(backdoor.actor).toMatchObject({ principal: BOT_SP, keys: [BOT_SP, BOT_APP], programmatic: true });
    expect(graphAuditsFormat.parse(spCredential(byApp, BOT_SP, 'y'))[0].tags).toEqual(['credential.create']);
  });

  it('a permission grant targets the client service principal, not the resource', () => {
    const [e] = graphAuditsFormat.parse(
      audit({
        activityDisplayName: 'Add delegated permission grant',
        targetResources: [
          {
            id: '401dd906-ea4f-4d41-b762-7e936d222368',
            displayName: 'Microsoft Graph',
            type: 'ServicePrincipal',
            modifiedProperties: [
              { displayName: 'DelegatedPermissionGrant.Scope', oldValue: '""', newValue: '"Mail.Read"' },
              { displayName: 'ServicePrincipal.ObjectID', oldValue: null, newValue: `"${APP_SP}"` },
            ],
          },
        ],
      }),
    );
    expect([e.tags, e.targetKeys[0], e.classUid]).toEqual([['iam.write'], APP_SP, 6003]);
  });

  it('reads the Azure Monitor envelope, a Graph page, and rejects what is not an audit', () => {
    const wrapped = graphAuditsFormat.parse({
      time: '2026-11-02T13:29:26Z',
      tenantId: 'tenant-1',
      category: 'AuditLogs',
      operationName: 'Update application – Certificates and secrets management ',
      properties: audit({ result: 'failure' }),
    })[0];
    expect([wrapped.tenant, wrapped.success]).toEqual(['tenant-1', false]);
    expect(graphAuditsFormat.parse({ value: [audit(), audit({ id: 'b' })] }).map((e) => e.id)).toHaveLength(2);
    expect(() => graphAuditsFormat.parse({ id: 'x', activityDateTime: '2026-11-02T00:00:00Z' })).toThrow(
      'not a directory audit',
    );
    expect(() => graphAuditsFormat.parse(audit({ activityDateTime: 'yesterday' }))).toThrow('not a date');
    const system = graphAuditsFormat.parse(audit({ initiatedBy: { app: { displayName: 'Microsoft Azure AD' } } }))[0];
    expect(system.actor).toMatchObject({ vendorService: true, keys: [] });
  });
});

describe('credential added by someone other than the owner', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
    await seed(store);
  });
  afterEach(() => store.close());

  async function run(records: unknown[]) {
    async function* lines() {
      yield `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
    }
    return importChunks(lines(), {
      store,
      format: graphAuditsFormat,
      platform: 'entra',
      lastUsedSource: entraActivity.lastUsedSource,
      keyAttributes: entraActivity.keyAttributes,
      now: () => new Date('2026-12-05T00:00:00Z'),
      enrich: false,
    });
  }

  it('raises a stranger and another application, not the owner nor the application itself', async () => {
    const s = await run([
      audit({ id: 'by-owner', initiatedBy: byUser(OWNER) }),
      audit({ id: 'by-stranger' }),
      spCredential(byApp, APP_SP, 'by-bot'),
      spCredential({ user: null, app: { appId: 'self-app', servicePrincipalId: APP_SP } }, APP_SP, 'by-itself'),
    ]);
    expect(s).toMatchObject({ stored: 4, quarantined: 0 });
    expect(s.actors).toMatchObject({ people: 2, peopleEvents: 2, resolvedTargetEvents: 4, unresolved: 1 });
    const raised = (await listDetections(store)).filter((d) => d.ruleId === 'activity-credential-by-non-owner');
    expect(raised.map((d) => [d.actor, d.identityId, d.severity, d.eventIds]).sort()).toEqual(
      [
        [BOT_SP, IDENTITY, 'high', ['by-bot']],
        [STRANGER.id, IDENTITY, 'high', ['by-stranger']],
      ].sort(),
    );
    // People are never judged by the rules about the acting NHI (no "first sensitive operation" for a person).
    const all = await listDetections(store);
    expect(all.filter((d) => d.actor === OWNER.id || d.actor === STRANGER.id).map((d) => d.ruleId)).toEqual([
      'activity-credential-by-non-owner',
    ]);
    const stored = [];
    for await (const e of readEvents(store)) stored.push(e);
    expect(stored.find((e) => e.id === 'by-stranger')?.targetIdentityId).toBe(IDENTITY);
  });

  it('an identity without an owner decided, or owned by a team, raises nothing', async () => {
    await store.db.updateTable('ownership').set({ owner_email: null, owner_team: 'payments' }).execute();
    await run([audit({ id: 'by-stranger' })]);
    await store.db.deleteFrom('ownership').execute();
    await run([audit({ id: 'by-stranger-2' })]);
    expect(await listDetections(store)).toEqual([]);
  });
});

const IDENTITY = `entra:contoso:application:${APP_OBJ}`;

async function seed(store: Store): Promise<void> {
  const common = { platform: 'entra', tenant: 'contoso', sync_run_id: 'r1', scope: '' };
  const seen = { first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-01T00:00:00Z' };
  await store.db
    .insertInto('identities')
    .values({
      ...common,
      ...seen,
      id: IDENTITY,
      kind: 'service_account',
      native_type: 'application',
      native_id: APP_OBJ,
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
      attributes: JSON.stringify({ appId: '6131d760-7fda-4db5-8bb1-b771898e9f15', servicePrincipalId: APP_SP }),
      owner_claims: '[]',
      gone_at: null,
      gone_run_id: null,
      stale: '[]',
    })
    .execute();
  // The owner as two people sources know her: Okta by e-mail (the chosen record), Entra by object id and UPN.
  const person = { status: 'active', departed_at: null, manager_email: null, team: null, department: null };
  await store.db
    .insertInto('people')
    .values([
      {
        ...person,
        ...seen,
        id: 'okta:acme:00u1',
        source: 'okta',
        tenant: 'acme',
        native_id: '00u1',
        email: 'Ana@Contoso.com',
        name: 'Ana',
        login: 'ana',
        attributes: '{}',
        sync_run_id: 'r1',
      },
      {
        ...person,
        ...seen,
        id: `entra:contoso:user:${OWNER.id}`,
        source: 'entra',
        tenant: 'contoso',
        native_id: OWNER.id,
        email: 'ana@contoso.com',
        name: 'Ana',
        login: OWNER.upn,
        attributes: '{}',
        sync_run_id: 'r1',
      },
    ])
    .execute();
  await store.db
    .insertInto('ownership')
    .values({
      identity_id: IDENTITY,
      owner_person_id: 'okta:acme:00u1',
      owner_email: 'ana@contoso.com',
      owner_team: null,
      source: 'explicit_owner',
      confidence: 0.95,
      candidates: '[]',
      computed_at: '2026-12-01T00:00:00Z',
    })
    .execute();
}
