import { admin } from '@googleapis/admin';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { googleGenerator } from '../estate/generate.js';
import type { GoogleEstateData } from '../estate/types.js';
import { ENV, googleEmulator, startGoogleEmulator } from './index.js';

const NOW = new Date('2026-11-01T00:00:00.000Z');
let data: GoogleEstateData;
let s: Awaited<ReturnType<typeof startGoogleEmulator>>;

beforeAll(async () => {
  const org = generateOrg(new Random(11), 25, NOW);
  data = googleGenerator.generate({ org, rng: new Random(13), count: 150, now: NOW, earlier: {} }).data;
  s = await startGoogleEmulator(data);
});
afterAll(async () => s?.emulator.close());

const sdk = (token = s.token) => {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  const rootUrl = `${s.emulator.url}/`;
  return {
    directory: admin({ version: 'directory_v1', auth: auth as never, rootUrl }),
    reports: admin({ version: 'reports_v1', auth: auth as never, rootUrl }),
  };
};

describe('Google emulator through the official SDK', () => {
  it('decodes a percent-encoded {userKey} (an email) and answers the unpaged token list', async () => {
    const user = data.users.find((u) => (data.tokens[String(u.id)] ?? []).length > 1)!;
    const answer = await sdk().directory.tokens.list({ userKey: String(user.primaryEmail) });
    expect(answer.data.kind).toBe('admin#directory#tokenList');
    expect(answer.data.items?.map((t) => t.clientId)).toEqual(data.tokens[String(user.id)].map((t) => t.clientId));
    expect(s.emulator.requestCounts.get('GET /admin/directory/v1/users/:userKey/tokens')).toBeGreaterThan(0);
  });

  it('tokens.delete answers 204 with no body, the token leaves tokens.list, and a second delete is 404', async () => {
    const user = data.users.find((u) => (data.tokens[String(u.id)] ?? []).length > 1)!;
    const clientId = String(data.tokens[String(user.id)][0].clientId);
    const others = data.tokens[String(user.id)].slice(1).map((t) => t.clientId);
    const answer = await sdk().directory.tokens.delete({ userKey: String(user.primaryEmail), clientId });
    expect(answer.status).toBe(204);
    expect(answer.data).toBe('');
    const list = await sdk().directory.tokens.list({ userKey: String(user.id) });
    expect(list.data.items?.map((t) => t.clientId)).toEqual(others);
    await expect(
      sdk().directory.tokens.delete({ userKey: String(user.id), clientId }, { retry: false }),
    ).rejects.toMatchObject({ status: 404, response: { data: { error: { code: 404, status: 'NOT_FOUND' } } } });
  });

  it('pages users.list with nextPageToken until it is absent, at most 500 a page', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const { data: page } = await sdk().directory.users.list({ customer: 'my_customer', maxResults: 10, pageToken });
      seen.push(...(page.users ?? []).map((u) => String(u.id)));
      pageToken = page.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    expect(seen).toEqual(data.users.map((u) => u.id));
    expect(pages).toBe(Math.ceil(data.users.length / 10));
  });

  it('filters Reports activities by startTime (inclusive) and eventName, newest first', async () => {
    const events = data.adminEvents;
    const mid = String(events[Math.floor(events.length / 2)].id?.time);
    const { data: page } = await sdk().reports.activities.list({
      userKey: 'all',
      applicationName: 'admin',
      startTime: mid,
      eventName: 'AUTHORIZE_API_CLIENT_ACCESS',
    });
    const want = events.filter(
      (a) => String(a.id?.time) >= mid && a.events?.[0]?.name === 'AUTHORIZE_API_CLIENT_ACCESS',
    );
    expect(page.items?.map((a) => a.id?.uniqueQualifier)).toEqual(want.map((a) => a.id?.uniqueQualifier));
    expect(want.length).toBeGreaterThan(0);
  });

  it("answers a wrong token 401 and a throttle 429 RESOURCE_EXHAUSTED in Google's error envelope", async () => {
    await expect(
      sdk('ya29.wrong').directory.users.list({ customer: 'my_customer' }, { retry: false }),
    ).rejects.toMatchObject({
      status: 401,
      response: { data: { error: { code: 401, status: 'UNAUTHENTICATED' } } },
    });
    s.emulator.faults.set({ throttleEvery: 1, retryAfterSeconds: 0 });
    try {
      await expect(sdk().directory.users.list({ customer: 'my_customer' }, { retry: false })).rejects.toMatchObject({
        status: 429,
        response: {
          data: { error: { code: 429, status: 'RESOURCE_EXHAUSTED', errors: [{ reason: 'rateLimitExceeded' }] } },
        },
      });
    } finally {
      s.emulator.faults.reset();
    }
  });

  it('refuses a page token it did not issue with 400', async () => {
    await expect(
      sdk().directory.users.list({ customer: 'my_customer', pageToken: 'bm9wZTox' }, { retry: false }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe('Google emulator with planted activity among the estate’s (steward emulate)', () => {
  /** A hand-written Reports activity (activities.list item shape) of `app` at `time`. */
  const activity = (app: string, time: string, name: string) => ({
    kind: 'admin#reports#activity',
    id: { time, uniqueQualifier: `-9${time.replace(/\D/g, '')}`, applicationName: app, customerId: 'C0planted' },
    actor: { email: 'ops@acme.test', profileId: '100000000000000000001', callerType: 'USER' },
    ipAddress: '34.66.12.40',
    events: [{ type: 'auth', name, parameters: [{ name: 'client_id', value: 'planted.apps.googleusercontent.com' }] }],
  });
  let merged: Awaited<ReturnType<typeof googleEmulator.start>>;
  let planted: ReturnType<typeof activity>[];

  beforeAll(async () => {
    const mid = String(data.tokenEvents[Math.floor(data.tokenEvents.length / 2)].id?.time);
    planted = [
      activity('token', new Date(Date.parse(mid) + 1000).toISOString(), 'activity'),
      activity('token', NOW.toISOString(), 'activity'),
      activity('admin', NOW.toISOString(), 'ASSIGN_ROLE'),
    ];
    const log = { format: 'google-reports', fileName: 'r.jsonl', records: 3, expected: [], benign: [] };
    merged = await googleEmulator.start(data, {
      activity: [{ ...log, text: `${planted.map((a) => JSON.stringify(a)).join('\n')}\n` }],
    });
  });
  afterAll(async () => merged?.emulator.close());

  it('lists each application’s estate activities with the planted ones among them, newest first, paged', async () => {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: merged.env[ENV.token], expiry_date: Date.now() + 3_600_000 });
    const reports = admin({ version: 'reports_v1', auth: auth as never, rootUrl: `${merged.emulator.url}/` });
    const list = async (applicationName: string) => {
      const out: string[] = [];
      let pageToken: string | undefined;
      do {
        const { data: page } = await reports.activities.list({
          userKey: 'all',
          applicationName,
          maxResults: 7,
          pageToken,
        });
        out.push(...(page.items ?? []).map((a) => String(a.id?.time)));
        pageToken = page.nextPageToken ?? undefined;
      } while (pageToken);
      return out;
    };
    const byTime = (app: string, own: typeof data.tokenEvents) =>
      [
        ...own.map((a) => String(a.id?.time)),
        ...planted.filter((a) => a.id.applicationName === app).map((a) => a.id.time),
      ].sort((a, b) => Date.parse(b) - Date.parse(a));
    expect(await list('token')).toEqual(byTime('token', data.tokenEvents));
    expect(await list('admin')).toEqual(byTime('admin', data.adminEvents));
    expect(await list('login')).toEqual([]);
  });
});
