import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { type CollectJob, collectActivity, type StreamResult } from '../../../monitoring/collect.js';
import { listDetections } from '../../../monitoring/detections-store.js';
import { readEvents, type StoredEvent } from '../../../monitoring/events-store.js';
import { importChunks } from '../../../monitoring/pipeline.js';
import { collectExitCode, collectOptions } from '../../../surfaces/cli/commands/events-collect.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import type { Store } from '../../../store/index.js';
import { openTestStore } from '../../../testing/store.js';
import { type StartedEntra, startEntraEmulator } from '../emulator/index.js';
import type { EntraTenantData } from '../estate/types.js';
import { entraAuditCollector } from './collector.js';
import { graphAuditsFormat } from './directory-audits.js';
import { entraActivity } from './index.js';
import { graphSignInsFormat } from './sign-ins.js';

/**
 * `steward events collect` against the Entra (Graph) emulator serving hand-written directoryAudit and signIn records
 * (learn.microsoft.com/graph/api/resources/directoryaudit, …/signin) through GET /v1.0/auditLogs/directoryAudits and
 * GET /beta/auditLogs/signIns (newest first, nextLink paging): what is stored per stream, the same detections as
 * `events import` of the same records, oldest first, a second collect that adds nothing, a late record inside the
 * overlap, and a refused report (403) that keeps its cursor while the others move (exit 4).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
type Rec = Record<string, unknown>;

const SP = '0c2b3c4d-1111-4a5b-9c8d-aaaaaaaaaaaa';
const APP = '6131d760-7fda-4db5-8bb1-b771898e9f15';
const MI = '9d9d9d9d-3333-4a5b-9c8d-dddddddddddd';
const signIn = (id: string, at: number, type: string, over: Rec = {}): Rec => ({
  id,
  createdDateTime: iso(at),
  appId: type === 'managedIdentity' ? MI : APP,
  appDisplayName: 'billing-sync',
  servicePrincipalId: SP,
  servicePrincipalName: 'billing-sync',
  servicePrincipalCredentialKeyId: type === 'servicePrincipal' ? 'DBCD79C0-C3EA-46B9-9604-FF40D43B8618' : null,
  ipAddress: '198.51.100.20',
  status: { errorCode: 0 },
  resourceDisplayName: 'Microsoft Graph',
  isInteractive: type === 'interactiveUser',
  signInEventTypes: [type],
  ...over,
});
const audit = (id: string, at: number, activity = 'Update application', over: Rec = {}): Rec => ({
  id: `Directory_${id}`,
  category: 'ApplicationManagement',
  correlationId: '10065ffb-8199-48bc-8ff5-912cb5b8295a',
  result: 'success',
  resultReason: '',
  activityDisplayName: activity,
  activityDateTime: iso(at),
  loggedByService: 'Core Directory',
  operationType: 'Update',
  initiatedBy: {
    user: { id: 'aead923d-498b-4f64-a66c-2af91447a8b6', userPrincipalName: 'ana@contoso.com', ipAddress: '' },
    app: null,
  },
  targetResources: [{ id: '11b49e19-2326-4be6-93cb-7f37439bbd81', displayName: 'billing-sync', type: 'Application' }],
  additionalDetails: [],
  ...over,
});

/**
 * 1100 audits in 55 minutes (more than Graph's 1000-record page within one hour: the range is split, then paged),
 * sign-ins of both NHI types and a person's (never asked for), one record older than the 30 days.
 */
function planted() {
  const directoryAudits = Array.from({ length: 1100 }, (_, i) => audit(`a${i}`, NOW - 2 * DAY + i * 3000));
  directoryAudits.push(
    audit('sp-cred', NOW - 3 * HOUR, 'Add service principal credentials', {
      initiatedBy: { user: null, app: { appId: 'other-app', servicePrincipalId: '7c7c7c7c-1111-4a5b-9c8d-bbbb' } },
      targetResources: [
        {
          id: SP,
          displayName: 'billing-sync',
          type: 'ServicePrincipal',
          modifiedProperties: [
            {
              displayName: 'KeyDescription',
              oldValue: '[]',
              newValue: '["[KeyIdentifier=59eaeebc,KeyType=Password,KeyUsage=Verify,DisplayName=ci]"]',
            },
          ],
        },
      ],
    }),
    audit('ancient', NOW - 40 * DAY),
  );
  const signIns = [
    ...Array.from({ length: 20 }, (_, i) => signIn(`sp${i}`, NOW - 5 * DAY + i * HOUR, 'servicePrincipal')),
    ...Array.from({ length: 5 }, (_, i) => signIn(`mi${i}`, NOW - DAY + i * HOUR, 'managedIdentity')),
    signIn('sp-fail', NOW - 90 * MINUTE, 'servicePrincipal', {
      status: { errorCode: 7000215 },
      ipAddress: '203.0.113.99',
    }),
    signIn('person', NOW - HOUR, 'interactiveUser'),
  ];
  return { directoryAudits, signIns };
}

describe('Entra auditLogs collector (emulator, planted records)', () => {
  let store: Store;
  let entra: StartedEntra;
  let logs: ReturnType<typeof planted>;
  let jobs: CollectJob[];
  let first: StreamResult[];
  const now = () => new Date(NOW);
  const collect = () => collectActivity(jobs, collectOptions(store, now, { enrich: false }));
  const events = async () => {
    const all: StoredEvent[] = [];
    for await (const e of readEvents(store)) all.push(e);
    return all;
  };
  const byId = (rs: StreamResult[], id: string) => rs.find((r) => r.stream === id)!;

  beforeAll(async () => {
    const estate = await generateEstate({ seed: 5, size: 10, platforms: ['entra'] });
    logs = planted();
    entra = await startEntraEmulator(estate.platforms.entra as EntraTenantData, { auditLogs: logs });
    Object.assign(process.env, entra.env);
    jobs = entra.tenants.map((t) => ({ platform: 'entra', tenant: t.tenant, options: t.options }));
    store = await openTestStore('sqlite');
    first = await collect();
  }, 60_000);
  afterAll(async () => {
    await entra?.emulator.close();
    await store?.close();
  });

  it('stores each stream: directory audits (paged), service-principal and managed-identity sign-ins only', () => {
    expect(first.map((r) => [r.stream, r.status, r.summary?.stored, r.summary?.quarantined])).toEqual([
      ['directoryAudits', 'collected', 1101, 0],
      ['signIns:servicePrincipal', 'collected', 21, 0],
      ['signIns:managedIdentity', 'collected', 5, 0],
    ]);
  });

  it('tags what the records mean and raises what `events import` of the same records raises', async () => {
    const stored = await events();
    expect(stored.find((e) => e.id === 'Directory_sp-cred')!.tags).toContain('credential.create');
    expect(stored.find((e) => e.id === 'sp-fail')!.success).toBe(false);
    expect(stored.some((e) => e.id === 'person' || e.id === 'Directory_ancient')).toBe(false);
    const imported = await openTestStore('sqlite');
    try {
      const inLookback = (t: string) => Date.parse(t) >= NOW - 30 * DAY;
      const audits = logs.directoryAudits.filter((r) => inLookback(String(r.activityDateTime)));
      const signIns = logs.signIns.filter((r) => (r.signInEventTypes as string[])[0] !== 'interactiveUser');
      for (const [format, records] of [
        [graphAuditsFormat, audits],
        [graphSignInsFormat, signIns],
      ] as const) {
        const sorted = [...records].sort((a, b) =>
          String(a.activityDateTime ?? a.createdDateTime).localeCompare(
            String(b.activityDateTime ?? b.createdDateTime),
          ),
        );
        async function* one() {
          yield sorted.map((r) => JSON.stringify(r)).join('\n');
        }
        await importChunks(one(), {
          store: imported,
          format,
          platform: 'entra',
          lastUsedSource: entraActivity.lastUsedSource,
          keyAttributes: entraActivity.keyAttributes,
          now,
          enrich: false,
        });
      }
      const key = (d: { ruleId: string; actor: string | null; severity: string }) =>
        `${d.ruleId} ${d.actor} ${d.severity}`;
      const expected = (await listDetections(imported)).map(key).sort();
      // The app 7c7c… adding a password to another service principal: the one sensitive act of the set.
      expect(expected).toEqual(['activity-sensitive-operation 7c7c7c7c-1111-4a5b-9c8d-bbbb high']);
      expect((await listDetections(store)).map(key).sort()).toEqual(expected);
    } finally {
      await imported.close();
    }
  });

  it('hands records over oldest first (Graph answers newest first), every page of the window', async () => {
    const [audits] = entraAuditCollector.streams(jobs[0]!.tenant, jobs[0]!.options, {});
    const times: number[] = [];
    for await (const batch of audits!.read({ start: NOW - 3 * DAY, end: NOW }))
      for (const text of batch.records) times.push(Date.parse(String((JSON.parse(text) as Rec).activityDateTime)));
    expect(times.length).toBe(1101);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('moves each cursor to its newest record; a second collect re-reads only the overlap and stores nothing', async () => {
    const again = await collect();
    for (const r of again) {
      const before = byId(first, r.stream);
      expect([r.status, r.summary!.stored, r.cursorAfter]).toEqual(['collected', 0, before.cursorAfter]);
      const cursor = Date.parse(before.cursorAfter!);
      const records = r.stream === 'directoryAudits' ? logs.directoryAudits : logs.signIns;
      const type = r.stream.split(':')[1];
      const overlap = records.filter((x) => {
        const t = Date.parse(String(x.activityDateTime ?? x.createdDateTime));
        return t >= cursor - 2 * HOUR && (!type || (x.signInEventTypes as string[])[0] === type);
      });
      expect(r.summary!.duplicates, r.stream).toBe(overlap.length);
    }
    expect(first.map((r) => r.cursorAfter)).toEqual([
      iso(NOW - 3 * HOUR),
      iso(NOW - 90 * MINUTE),
      iso(NOW - DAY + 4 * HOUR),
    ]);
  });

  it('finds a sign-in delivered late inside the overlap; one older than the overlap is not asked for', async () => {
    const cursor = Date.parse(byId(first, 'signIns:servicePrincipal').cursorAfter!);
    logs.signIns.push(
      signIn('late-inside', cursor - HOUR, 'servicePrincipal'),
      signIn('late-outside', cursor - 3 * HOUR, 'servicePrincipal'),
    );
    const next = await collect();
    expect(byId(next, 'signIns:servicePrincipal').summary!.stored).toBe(1);
    const ids = new Set((await events()).map((e) => e.id));
    expect([ids.has('late-inside'), ids.has('late-outside')]).toEqual([true, false]);
  });

  it('a refused report keeps its cursor and names endpoint and permission; the others move on (exit 4)', async () => {
    logs.signIns.push(signIn('after-refusal', NOW - 10 * MINUTE, 'servicePrincipal'));
    logs.directoryAudits.push(audit('during-refusal', NOW - 10 * MINUTE));
    entra.emulator.faults.set({ endpoints: [{ endpoint: 'GET /auditLogs/signIns', fault: '403', delayMs: 0 }] });
    const refused = await collect();
    const sp = byId(refused, 'signIns:servicePrincipal');
    expect([sp.status, sp.endpoint, sp.cursorAfter]).toEqual([
      'failed',
      'GET /beta/auditLogs/signIns',
      sp.cursorBefore,
    ]);
    expect(sp.permission).toMatch(/AuditLog\.Read\.All/);
    expect(sp.error).toMatch(/Insufficient privileges/);
    expect(byId(refused, 'directoryAudits')).toMatchObject({ status: 'collected', summary: { stored: 1 } });
    expect(collectExitCode(refused)).toBe(EXIT.partial);
    entra.emulator.faults.set({ endpoints: [] });
    const after = await collect();
    expect(byId(after, 'signIns:servicePrincipal').summary!.stored).toBe(1);
    expect((await events()).some((e) => e.id === 'after-refusal')).toBe(true);
  });
});
