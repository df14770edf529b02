import { Client } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { oktaGenerator } from '../estate/generate.js';
import type { OktaEstateData } from '../estate/types.js';
import { startOktaEmulator } from './index.js';

const now = new Date('2026-11-01T00:00:00Z');
/** The part of Okta's Application object these tests read. */
interface AppJson {
  id: string;
  signOnMode: string;
  settings?: { oauthClient?: { application_type?: string; grant_types?: string[] } };
  credentials: { oauthClient?: { client_id: string } };
}
let data: OktaEstateData;
let s: Awaited<ReturnType<typeof startOktaEmulator>>;
const h = () => ({ authorization: `SSWS ${s.token}`, accept: 'application/json' });
const get = (path: string, headers: Record<string, string> = h()) => fetch(`${s.emulator.url}${path}`, { headers });
/** The `rel` URLs of a response's Link headers (Okta sends one header per link). */
const links = (r: Response): Record<string, string> =>
  Object.fromEntries(
    [...(r.headers.get('link') ?? '').matchAll(/<([^>]+)>;\s*rel="(\w+)"/g)].map((m) => [m[2], m[1]] as const),
  );

beforeAll(async () => {
  data = oktaGenerator.generate({
    org: generateOrg(new Random(3), 60, now),
    rng: new Random(4),
    count: 400,
    now,
    earlier: {},
  }).data as OktaEstateData;
  s = await startOktaEmulator(data);
});
afterAll(async () => {
  await s.emulator.close();
});

describe('Okta emulator wire format', () => {
  it('refuses a missing or wrong token with 401 E0000011 in the Okta error envelope', async () => {
    for (const headers of [{}, { authorization: 'SSWS wrong' }, { authorization: `Basic ${s.token}` }] as Array<
      Record<string, string>
    >) {
      const r = await get('/api/v1/apps', headers);
      expect(r.status).toBe(401);
      const body = await r.json();
      expect(body).toMatchObject({
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
        errorLink: 'E0000011',
        errorCauses: [],
      });
      expect(body.errorId).toMatch(/^oae/);
    }
    // The SSWS token is not an OAuth access token.
    expect((await get('/api/v1/apps', { authorization: `Bearer ${s.token}` })).status).toBe(401);
  });

  it('issues access tokens to the scanner service app (private_key_jwt) and enforces their scopes', async () => {
    const client = new Client({
      orgUrl: s.emulator.url,
      authorizationMode: 'PrivateKey',
      clientId: s.scanner.clientId,
      scopes: ['okta.apps.read'],
      privateKey: s.env.STEWARD_EMU_OKTA_PRIVATE_KEY,
      keyId: s.scanner.keyId,
    });
    const ids: string[] = [];
    for await (const a of await client.applicationApi.listApplications({ limit: 200 })) if (a?.id) ids.push(a.id);
    expect(ids).toEqual(data.apps.map((a) => a.id));
    await expect(client.userApi.getUser({ userId: data.users[0].id })).rejects.toMatchObject({ status: 403 });
    const token = await client.oauth.getAccessToken();
    const refused = await get('/api/v1/users', { authorization: `Bearer ${token.access_token}` });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('scope="okta.users.read", error="insufficient_scope"');
    const form = (assertion: string) =>
      fetch(`${s.emulator.url}/oauth2/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: 'okta.apps.read',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        }),
      });
    const forged = await form('eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln');
    expect(forged.status).toBe(401);
    expect((await forged.json()).error).toBe('invalid_client');
  });

  it('sends X-Okta-Request-Id and the X-Rate-Limit-* headers on every answer', async () => {
    for (const path of ['/api/v1/apps', '/api/v1/users', '/api/v1/logs', '/api/v1/apps/nope']) {
      const r = await get(path);
      expect(r.headers.get('x-okta-request-id'), path).toMatch(/^[\w-]{20,}$/);
      expect(Number(r.headers.get('x-rate-limit-limit'))).toBeGreaterThan(0);
      expect(Number(r.headers.get('x-rate-limit-remaining'))).toBeGreaterThan(0);
      expect(Number(r.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    }
    const missing = await get('/api/v1/apps/0oaNOPE');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      errorCode: 'E0000007',
      errorSummary: 'Not found: Resource not found: 0oaNOPE (AppInstance)',
    });
  });

  it('pages apps with limit/after and absolute self and next links until the last page', async () => {
    let url: string | undefined = `${s.emulator.url}/api/v1/apps?limit=50`;
    const seen: string[] = [];
    while (url) {
      const r: Response = await fetch(url, { headers: h() });
      const page = (await r.json()) as Array<{ id: string }>;
      expect(page.length).toBeLessThanOrEqual(50);
      seen.push(...page.map((a) => a.id));
      expect(links(r).self).toBe(url);
      url = links(r).next;
      if (url) expect(url.startsWith(`${s.emulator.url}/api/v1/apps?`)).toBe(true);
    }
    expect(seen).toEqual(data.apps.map((a) => a.id));
    expect((await (await get('/api/v1/apps?limit=1000')).json()).length).toBe(200);
  });

  it('serves polymorphic apps: OIDC service apps with client credentials, and SAML and bookmark apps', async () => {
    const apps = (await (await get('/api/v1/apps?limit=200')).json()) as AppJson[];
    const service = apps.find((a) => a.settings?.oauthClient?.application_type === 'service')!;
    expect(service.signOnMode).toBe('OPENID_CONNECT');
    expect(service.settings?.oauthClient?.grant_types).toEqual(['client_credentials']);
    expect(service.credentials.oauthClient?.client_id).toBe(service.id);
    const saml = data.apps.find((a) => a.signOnMode === 'SAML_2_0')!;
    const samlApp = await (await get(`/api/v1/apps/${saml.id}`)).json();
    expect(samlApp.settings.signOn.audience).toBe(saml.url);
    expect(samlApp.credentials.oauthClient).toBeUndefined();
    const other = data.apps.find((a) => a.signOnMode === 'BOOKMARK' || a.signOnMode === 'AUTO_LOGIN')!;
    expect((await (await get(`/api/v1/apps/${other.id}`)).json()).signOnMode).toBe(other.signOnMode);
    const inactive = `filter=${encodeURIComponent('status eq "INACTIVE"')}&limit=200`;
    const filtered = (await (await get(`/api/v1/apps?${inactive}`)).json()) as Array<{ status: string }>;
    expect(filtered.length).toBe(data.apps.filter((a) => a.status === 'INACTIVE').length);
    expect(filtered.every((a) => a.status === 'INACTIVE')).toBe(true);
    expect((await get('/api/v1/apps?filter=status%20eq')).status).toBe(400);
  });

  it('lists users without DEPROVISIONED ones unless an expression asks for them', async () => {
    const list = async (q: string) => (await (await get(`/api/v1/users${q}`)).json()) as Array<{ status: string }>;
    const plain = await list('');
    const gone = await list(`?search=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
    const deprovisioned = data.users.filter((u) => u.status === 'DEPROVISIONED').length;
    expect(deprovisioned).toBeGreaterThan(0);
    expect(plain.length).toBe(data.users.length - deprovisioned);
    expect(plain.some((u) => u.status === 'DEPROVISIONED')).toBe(false);
    expect(gone.length).toBe(deprovisioned);
    const admin = data.users.find((u) => u.roles.length > 0)!;
    const roles = (await (await get(`/api/v1/users/${admin.id}/roles`)).json()) as Array<Record<string, unknown>>;
    expect(roles.map((r) => r.type)).toEqual(admin.roles.map((r) => r.type));
    expect(roles[0].assignmentType).toBe('USER');
  });

  it('answers bounded System Log queries in [since, until), filtered, paged by after until done', async () => {
    const since = new Date(now.getTime() - 60 * 86_400_000).toISOString();
    const until = now.toISOString();
    const filter = 'transaction.detail.requestApiTokenId pr';
    const want = data.logs.filter(
      (e) => e.apiTokenId && e.published >= since.replace('.000Z', 'Z') && e.published < until,
    );
    expect(want.length).toBeGreaterThan(10);
    let url: string | undefined =
      `${s.emulator.url}/api/v1/logs?since=${since}&until=${until}&sortOrder=ASCENDING&limit=7&filter=${encodeURIComponent(filter)}`;
    const got: Array<{ uuid: string; transaction: { detail: { requestApiTokenId: string } } }> = [];
    while (url) {
      const r: Response = await fetch(url, { headers: h() });
      got.push(...(await r.json()));
      url = links(r).next;
    }
    expect(got.map((e) => e.uuid)).toEqual(want.map((e) => e.uuid));
    expect(got.every((e) => e.transaction.detail.requestApiTokenId)).toBe(true);
    const desc = await (
      await get(
        `/api/v1/logs?since=${since}&until=${until}&sortOrder=DESCENDING&limit=3&filter=${encodeURIComponent(filter)}`,
      )
    ).json();
    expect(desc.map((e: { uuid: string }) => e.uuid)).toEqual(
      want
        .slice(-3)
        .reverse()
        .map((e) => e.uuid),
    );
  });

  it('always links a polling request (no until) onward, even when its page is empty', async () => {
    const r = await get(`/api/v1/logs?since=${new Date(Date.now() + 3_600_000).toISOString()}`);
    expect(await r.json()).toEqual([]);
    expect(links(r).next).toContain('after=');
    const bad = await get(`/api/v1/logs?filter=${encodeURIComponent('eventType eq')}`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errorCode).toBe('E0000031');
  });

  it('throttles with 429 E0000047 and exactly one X-Rate-Limit-Reset header, which the Okta SDK retries', async () => {
    s.emulator.faults.reset();
    s.emulator.faults.set({ throttleEvery: 2, retryAfterSeconds: 0 });
    try {
      expect((await get('/api/v1/api-tokens')).status).toBe(200);
      // The SDK's first attempt is the 2nd request (throttled), its retry the 3rd.
      const client = new Client({ orgUrl: s.emulator.url, token: s.token });
      const ids: string[] = [];
      for await (const t of await client.apiTokenApi.listApiTokens()) if (t?.id) ids.push(t.id);
      expect(ids).toEqual(data.apiTokens.map((t) => t.id));
      expect(s.emulator.faults.throttled).toBe(1);
      const throttled = await get('/api/v1/api-tokens');
      expect(throttled.status).toBe(429);
      expect(await throttled.json()).toMatchObject({
        errorCode: 'E0000047',
        errorSummary: 'API call exceeded rate limit due to too many requests.',
      });
      expect(throttled.headers.get('x-rate-limit-reset')).toMatch(/^\d+$/);
      expect(throttled.headers.get('x-rate-limit-remaining')).toBe('0');
    } finally {
      s.emulator.faults.reset();
    }
  });

  it('answers persistent endpoint faults in Okta’s dialect (403 E0000006, 404 E0000007, 500 E0000009)', async () => {
    const app = data.apps[0];
    for (const [fault, status, code] of [
      ['403', 403, 'E0000006'],
      ['404', 404, 'E0000007'],
      ['500', 500, 'E0000009'],
    ] as const) {
      s.emulator.faults.set({ endpoints: [{ endpoint: 'GET /api/v1/apps/{appId}/credentials/secrets', fault }] });
      const r = await get(`/api/v1/apps/${app.id}/credentials/secrets`);
      expect(r.status).toBe(status);
      expect((await r.json()).errorCode).toBe(code);
      expect((await get(`/api/v1/apps/${app.id}/grants`)).status).toBe(200);
    }
    s.emulator.faults.reset();
  });
});

describe('Okta emulator System Log with planted activity among the org’s events', () => {
  /** Hand-written LogEvents (Okta's shape, the fields a query reads): an API token's request at `published`. */
  const planted = (uuid: string, published: string, tokenId: string) => ({
    uuid,
    published,
    eventType: 'user.account.privilege.grant',
    displayMessage: 'Grant user privilege',
    actor: { id: '00uplanted', type: 'User', alternateId: 'ops@acme.test', displayName: 'Ops' },
    client: { ipAddress: '3.80.12.7', id: null },
    transaction: { type: 'WEB', id: `tx-${uuid}`, detail: { requestApiTokenId: tokenId } },
    outcome: { result: 'SUCCESS' },
    target: [],
  });
  let merged: Awaited<ReturnType<typeof startOktaEmulator>>;
  let extra: ReturnType<typeof planted>[];

  beforeAll(async () => {
    // Between two of the org's token events, before the first, and at the same instant as the last one.
    const own = data.logs.filter((e) => e.apiTokenId);
    const middle = Date.parse(own[5].published) + 1000;
    extra = [
      planted('p-middle', new Date(middle).toISOString(), '00Tplanted1'),
      planted('p-first', new Date(Date.parse(own[0].published) - 60_000).toISOString(), '00Tplanted2'),
      planted('p-tie', own[own.length - 1].published, '00Tplanted1'),
    ];
    merged = await startOktaEmulator(data, { extraSystemLog: extra });
  });
  afterAll(async () => merged?.emulator.close());

  it('serves both in published order (the org’s event first on a tie), paged and filtered as before', async () => {
    const filter = 'transaction.detail.requestApiTokenId pr';
    const since = new Date(Date.parse(data.logs[0].published) - 86_400_000).toISOString();
    const until = new Date(now.getTime() + 86_400_000).toISOString();
    const query = `since=${since}&until=${until}&limit=4&filter=${encodeURIComponent(filter)}`;
    const walk = async (order: string) => {
      const uuids: string[] = [];
      let url: string | undefined = `${merged.emulator.url}/api/v1/logs?${query}&sortOrder=${order}`;
      while (url) {
        const r: Response = await fetch(url, { headers: { authorization: `SSWS ${merged.token}` } });
        uuids.push(...((await r.json()) as Array<{ uuid: string }>).map((e) => e.uuid));
        url = links(r).next;
      }
      return uuids;
    };
    const own = data.logs.filter((e) => e.apiTokenId).map((e) => ({ uuid: e.uuid, at: Date.parse(e.published) }));
    const want = [...own, ...extra.map((e) => ({ uuid: e.uuid, at: Date.parse(e.published) }))]
      .sort((a, b) => a.at - b.at)
      .map((e) => e.uuid);
    // The stable sort keeps the org's event before the planted one at the same instant, as the emulator does.
    expect(await walk('ASCENDING')).toEqual(want);
    expect(await walk('DESCENDING')).toEqual([...want].reverse());
    const one = `filter=${encodeURIComponent('transaction.detail.requestApiTokenId eq "00Tplanted1"')}`;
    const r = await fetch(`${merged.emulator.url}/api/v1/logs?since=${since}&until=${until}&${one}`, {
      headers: { authorization: `SSWS ${merged.token}` },
    });
    expect(((await r.json()) as Array<{ uuid: string }>).map((e) => e.uuid)).toEqual(['p-middle', 'p-tie']);
  });
});
