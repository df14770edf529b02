import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { Transport } from '../connector/transport.js';
import type { EntraTenantData } from '../estate/types.js';
import { entraEmulator, startEntraEmulator, type StartedEntra } from './index.js';

// Records checked against Microsoft's own Graph docs examples (../shared/corpora/msgraph-nhi-docs-examples).
const corpus = join(corporaDir(), 'msgraph-nhi-docs-examples');
const examples = JSON.parse(readFileSync(join(corpus, 'examples_from_docs.json'), 'utf8')) as Array<{
  doc: string;
  blockType: string;
  json?: { value: unknown[] };
}>;
function firstRecordOf(doc: string): unknown {
  const e = examples.find((x) => x.doc === doc && x.blockType === 'response' && x.json?.value?.length);
  if (!e?.json) throw new Error(`no response example for ${doc} in ${corpus}`);
  return e.json.value[0];
}

/** Graph's targetResource.groupType is set only when the target is a group; ours are applications and SPs. */
function withoutGroupType(record: unknown): unknown {
  const copy = structuredClone(record) as { targetResources: Array<Record<string, unknown>> };
  for (const t of copy.targetResources) delete t.groupType;
  return copy;
}

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Every property of Microsoft's example is in ours with the same JSON type (a null in the example says only that
 * the property is there; a property name is matched case-insensitively: the docs example spells `Type`).
 * Array items are compared with the example's first item.
 */
function missingShape(example: unknown, ours: unknown, path = '$'): string[] {
  if (example === null) return [];
  if (jsonType(example) !== jsonType(ours)) return [`${path}: ${jsonType(example)} expected, ${jsonType(ours)} served`];
  if (Array.isArray(example))
    return example.length && (ours as unknown[]).length
      ? missingShape(example[0], (ours as unknown[])[0], `${path}[0]`)
      : [];
  if (typeof example !== 'object') return [];
  const mine = new Map(Object.entries(ours as object).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries(example as object).flatMap(([k, v]) =>
    mine.has(k.toLowerCase()) ? missingShape(v, mine.get(k.toLowerCase()), `${path}.${k}`) : [`${path}.${k}: missing`],
  );
}

describe('Entra (Graph) emulator audit logs', () => {
  let started: StartedEntra;
  let data: EntraTenantData;
  let transport: Transport;
  const get = async (path: string) => {
    const url = path.startsWith('https://') ? path : `${started.emulator.url}${path}`;
    const res = await transport.send(url, { method: 'GET', headers: { authorization: `Bearer ${started.token}` } });
    // biome-ignore lint/suspicious/noExplicitAny: Graph response bodies are read loosely in wire tests.
    return { status: res.status, json: JSON.parse(await res.text()) as Record<string, any> };
  };
  const listAll = async (path: string) => {
    // biome-ignore lint/suspicious/noExplicitAny: Graph response bodies are read loosely in wire tests.
    const out: Array<Record<string, any>> = [];
    let next: string | undefined = path;
    while (next) {
      const r = await get(next);
      expect(r.status).toBe(200);
      out.push(...r.json.value);
      next = r.json['@odata.nextLink'];
    }
    return out;
  };
  const SP_EVENTS = encodeURIComponent("signInEventTypes/any(t: t eq 'servicePrincipal')");

  beforeAll(async () => {
    data = (await generateEstate({ seed: 21, size: 90, platforms: ['entra'] })).platforms.entra as EntraTenantData;
    started = await startEntraEmulator(data);
    transport = new Transport(started.emulator.certificate!);
  });
  afterAll(async () => {
    transport.close();
    await started.emulator.close();
  });

  it('directoryAudits: every credential add to an app or SP and every consent grant, in the docs example shape', async () => {
    const audits = await listAll('/v1.0/auditLogs/directoryAudits?$top=7');
    const credentials = [...data.applications, ...data.servicePrincipals].flatMap((o) =>
      [...o.passwordCredentials, ...o.keyCredentials].filter((c) => c.startDateTime),
    );
    const consents = data.oauth2PermissionGrants.filter((g) =>
      data.servicePrincipals.some((sp) => sp.id === g.clientId),
    );
    expect(audits).toHaveLength(credentials.length + consents.length);
    expect(audits.filter((a) => a.activityDisplayName === 'Consent to application')).toHaveLength(consents.length);
    const newPassword = data.applications.find((a) => a.passwordCredentials.length)!.passwordCredentials[0];
    expect(audits.some((a) => a.targetResources[0].modifiedProperties[0].newValue.includes(newPassword.keyId))).toBe(
      true,
    );
    expect(missingShape(withoutGroupType(firstRecordOf('v1.0/api/directoryaudit-list.md')), audits[0])).toEqual([]);
    // The beta docs example types its targets (#microsoft.graph.TargetResourceGroup), which the current schema
    // (graph-v1.0-nhi-types.csdl.xml: targetResource with `type`) no longer has: it is not compared.
  });

  it('directoryAudits: $filter on activityDateTime and category; an unknown clause is refused', async () => {
    const all = await listAll('/beta/auditLogs/directoryAudits?$top=999');
    const cut = all[Math.floor(all.length / 2)].activityDateTime as string;
    const recent = await listAll(
      `/beta/auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDateTime ge ${cut}`)}`,
    );
    expect(recent.length).toBe(all.filter((a) => a.activityDateTime >= cut).length);
    expect(recent.length).toBeLessThan(all.length);
    const none = await get(
      `/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent("category eq 'GroupManagement'")}`,
    );
    expect(none.json.value).toEqual([]);
    expect((await get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent('startswith(x)')}`)).status).toBe(
      400,
    );
  });

  it('signIns (beta): service principal sign-ins only when asked by event type, paged newest first, docs example shape', async () => {
    expect((await get('/beta/auditLogs/signIns')).json.value).toEqual([]); // Graph's default: interactive users
    const signIns = await listAll(`/beta/auditLogs/signIns?$filter=${SP_EVENTS}&$top=5`);
    const expected = data.signInActivities.filter(
      (a) =>
        a.applicationAuthenticationClientSignInActivity.lastSignInDateTime &&
        data.servicePrincipals.some((sp) => sp.appId === a.appId),
    );
    expect(signIns.length).toBe(expected.length);
    expect(signIns.length).toBeGreaterThan(5);
    const dates = signIns.map((x) => x.createdDateTime as string);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(signIns.every((x) => x.isInteractive === false && x.servicePrincipalId)).toBe(true);
    expect(missingShape(firstRecordOf('beta/api/signin-list.md'), signIns[0])).toEqual([]);
    const cut = dates[2];
    const since = await listAll(
      `/beta/auditLogs/signIns?$filter=${SP_EVENTS}%20and%20${encodeURIComponent(`createdDateTime ge ${cut}`)}`,
    );
    expect(since.map((x) => x.createdDateTime)).toEqual(dates.filter((d) => d >= cut));
  });

  it('directoryAudits: a credential added to an identity a user owns is initiated by one of its owners', async () => {
    const audits = await listAll('/v1.0/auditLogs/directoryAudits?$top=999');
    const users = new Set(data.users.map((u) => u.id));
    const spOf = new Map(data.applications.map((a) => [a.id, data.servicePrincipals.find((x) => x.appId === a.appId)]));
    const appOf = new Map(
      data.servicePrincipals.map((x) => [x.id, data.applications.find((a) => a.appId === x.appId)]),
    );
    /** The users owning the application and its service principal (owners may be service principals too). */
    const ownersOf = (target: { id: string; type: string }) => {
      const app = target.type === 'Application' ? target.id : appOf.get(target.id)?.id;
      const sp = target.type === 'Application' ? spOf.get(target.id)?.id : target.id;
      const ids = [...(data.owners[app ?? ''] ?? []), ...(data.owners[sp ?? ''] ?? [])];
      return new Set(ids.filter((id) => users.has(id)));
    };
    const owned = audits.filter(
      (a) => a.activityDisplayName !== 'Consent to application' && ownersOf(a.targetResources[0]).size > 0,
    );
    expect(owned.length).toBeGreaterThan(3);
    for (const a of owned) expect(ownersOf(a.targetResources[0]).has(a.initiatedBy.user.id), a.id).toBe(true);
  });

  it('serves planted records among the derived ones, newest first; a planted sign-in typed a service principal’s', async () => {
    const derived = await listAll(`/beta/auditLogs/signIns?$filter=${SP_EVENTS}`);
    const sp = data.servicePrincipals[0];
    // A v1.0-shaped planted sign-in: no signInEventTypes (the emulator types it), no user.
    const signIn = (id: string, createdDateTime: string) => ({
      id,
      createdDateTime,
      appId: sp.appId,
      servicePrincipalId: sp.id,
      userId: '',
      ipAddress: '20.42.65.1',
      isInteractive: false,
      status: { errorCode: 0 },
    });
    const planted = [
      signIn('planted-newest', new Date().toISOString()),
      signIn('planted-mid', derived[1].createdDateTime),
    ];
    const log = { format: 'graph-signins', fileName: 's.jsonl', records: 2, expected: [], benign: [] };
    const withActivity = await entraEmulator.start(data, {
      activity: [{ ...log, text: `${planted.map((r) => JSON.stringify(r)).join('\n')}\n` }],
    });
    const other = new Transport(withActivity.emulator.certificate!);
    try {
      const url = `${withActivity.emulator.url}/beta/auditLogs/signIns?$filter=${SP_EVENTS}&$top=3`;
      const ids: string[] = [];
      for (let next: string | undefined = url; next; ) {
        const token = withActivity.env.STEWARD_EMU_ENTRA_TOKEN;
        const r = await other.send(next, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
        const body = JSON.parse(await r.text()) as { value: Array<{ id: string }>; '@odata.nextLink'?: string };
        ids.push(...body.value.map((x) => x.id));
        next = body['@odata.nextLink'];
      }
      // The derived records first on a tie (the planted one is as old as the second derived one).
      const at = Date.parse(derived[1].createdDateTime);
      const after = derived.findIndex((x) => Date.parse(x.createdDateTime) < at);
      const k = after < 0 ? derived.length : after;
      const idsOf = (xs: typeof derived) => xs.map((x) => x.id as string);
      expect(ids).toEqual(['planted-newest', ...idsOf(derived.slice(0, k)), 'planted-mid', ...idsOf(derived.slice(k))]);
    } finally {
      other.close();
      await withActivity.emulator.close();
    }
  });

  it('the shape check itself catches a missing property and a wrong type', () => {
    expect(missingShape({ a: 1, b: { c: 'x' } }, { A: 2, b: { c: 3 } })).toEqual([
      '$.b.c: string expected, number served',
    ]);
    expect(missingShape({ a: [{ d: true }] }, { a: [{}] })).toEqual(['$.a[0].d: missing']);
  });
});
