import { cloudresourcemanager, type cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import { iam, type iam_v1 } from '@googleapis/iam';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { googleGenerator } from '../estate/generate.js';
import type { GoogleEstateData } from '../estate/types.js';
import { startGoogleEmulator } from './index.js';

/** The Cloud routes as the official clients see them: paths, paging, verbs, Google's error envelope. */
let data: GoogleEstateData;
let close: () => Promise<void>;
let clients: { iam: iam_v1.Iam; crm: cloudresourcemanager_v3.Cloudresourcemanager; auth: OAuth2Client; root: string };

beforeAll(async () => {
  const rng = new Random(7);
  const now = new Date('2026-11-01T00:00:00.000Z');
  data = googleGenerator.generate({ org: generateOrg(rng, 40, now), rng, count: 200, now, earlier: {} }).data;
  const s = await startGoogleEmulator(data);
  close = () => s.emulator.close();
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: s.token, expiry_date: Date.now() + 3_600_000 });
  const root = `${s.emulator.url}/`;
  clients = {
    iam: iam({ version: 'v1', auth: auth as never, rootUrl: root }),
    crm: cloudresourcemanager({ version: 'v3', auth: auth as never, rootUrl: root }),
    auth,
    root,
  };
});
afterAll(() => close?.());

const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const err = e as { status?: number; response?: { data?: unknown } };
    return { status: err.status, body: err.response?.data };
  }
  throw new Error('expected an error answer');
};

describe('Google Cloud emulator routes', () => {
  it('pages service accounts with nextPageToken and serves {+name} paths with a literal @', async () => {
    const project = data.cloud.projects[0].projectId as string;
    const all = data.cloud.serviceAccounts[project];
    const first = await clients.iam.projects.serviceAccounts.list({ name: `projects/${project}`, pageSize: 3 });
    expect(first.data.accounts?.map((a) => a.email)).toEqual(all.slice(0, 3).map((a) => a.email));
    expect(first.data.nextPageToken).toBeTruthy();
    const second = await clients.iam.projects.serviceAccounts.list({
      name: `projects/${project}`,
      pageSize: 3,
      pageToken: first.data.nextPageToken as string,
    });
    expect(second.data.accounts?.[0]?.email).toBe(all[3].email);
    const withKeys = all.find((a) => (data.cloud.keys[a.email as string] ?? []).length > 0);
    const keys = await clients.iam.projects.serviceAccounts.keys.list({
      name: withKeys?.name as string,
      keyTypes: ['USER_MANAGED'],
    });
    expect(keys.data.keys?.map((k) => k.name)).toEqual(data.cloud.keys[withKeys?.email as string].map((k) => k.name));
  });

  it('a :disable suffix disables the key, which keys.list then shows', async () => {
    const email = Object.keys(data.cloud.keys).find((e) => data.cloud.keys[e].some((k) => !k.disabled)) as string;
    const key = data.cloud.keys[email].find((k) => !k.disabled);
    await clients.iam.projects.serviceAccounts.keys.disable({ name: key?.name as string, requestBody: {} });
    const sa = Object.values(data.cloud.serviceAccounts)
      .flat()
      .find((a) => a.email === email);
    const keys = await clients.iam.projects.serviceAccounts.keys.list({ name: sa?.name as string });
    const after = keys.data.keys?.find((k) => k.name === key?.name);
    expect(after).toMatchObject({ disabled: true, disableReason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED' });
  });

  it('serviceAccounts.get and keys.get follow :disable and :enable (a false `disabled` left out, as proto3 JSON does)', async () => {
    const sa = Object.values(data.cloud.serviceAccounts)
      .flat()
      .find((a) => !a.disabled && (data.cloud.keys[a.email as string] ?? []).some((k) => !k.disabled));
    const name = `projects/${sa?.projectId}/serviceAccounts/${sa?.email}`;
    await clients.iam.projects.serviceAccounts.disable({ name, requestBody: {} });
    expect((await clients.iam.projects.serviceAccounts.get({ name })).data.disabled).toBe(true);
    await clients.iam.projects.serviceAccounts.enable({ name, requestBody: {} });
    expect((await clients.iam.projects.serviceAccounts.get({ name })).data).not.toHaveProperty('disabled');
    const key = data.cloud.keys[sa?.email as string].find((k) => !k.disabled);
    const keyName = `${name}/keys/${key?.name?.split('/').pop()}`;
    await clients.iam.projects.serviceAccounts.keys.disable({ name: keyName, requestBody: {} });
    expect((await clients.iam.projects.serviceAccounts.keys.get({ name: keyName })).data.disabled).toBe(true);
    await clients.iam.projects.serviceAccounts.keys.enable({ name: keyName, requestBody: {} });
    const after = (await clients.iam.projects.serviceAccounts.keys.get({ name: keyName })).data;
    expect(after).not.toHaveProperty('disabled');
    expect(after).not.toHaveProperty('disableReason');
    const missing = await errorOf(
      clients.iam.projects.serviceAccounts.keys.get({ name: `${name}/keys/0000` }, { retry: false }),
    );
    expect(missing).toMatchObject({ status: 404, body: { error: { status: 'NOT_FOUND' } } });
  });

  it('getIamPolicy: version 3 returns conditions; a lower version of a conditional policy is refused with 400', async () => {
    const conditional = data.cloud.projects.find((p) =>
      data.cloud.policies[p.projectId as string].bindings?.some((b) => b.condition),
    );
    expect(conditional).toBeDefined();
    const resource = `projects/${conditional?.projectId}`;
    const v3 = await clients.crm.projects.getIamPolicy({
      resource,
      requestBody: { options: { requestedPolicyVersion: 3 } },
    });
    expect(v3.data.bindings?.some((b) => b.condition?.expression)).toBe(true);
    const v1 = await errorOf(clients.crm.projects.getIamPolicy({ resource, requestBody: {} }));
    expect(v1).toMatchObject({ status: 400, body: { error: { code: 400, status: 'INVALID_ARGUMENT' } } });
  });

  it("an unknown project answers 403 PERMISSION_DENIED in Google's envelope naming the permission", async () => {
    const denied = await errorOf(clients.iam.projects.serviceAccounts.list({ name: 'projects/not-ours' }));
    expect(denied).toEqual({
      status: 403,
      body: {
        error: {
          code: 403,
          message:
            "Permission 'iam.serviceAccounts.list' denied on resource 'projects/not-ours' (or it may not exist).",
          errors: [
            {
              message:
                "Permission 'iam.serviceAccounts.list' denied on resource 'projects/not-ours' (or it may not exist).",
              domain: 'global',
              reason: 'forbidden',
            },
          ],
          status: 'PERMISSION_DENIED',
        },
      },
    });
  });

  it('projects.search, workload identity pools by id and providers by the number-named pool', async () => {
    const search = await clients.crm.projects.search({ pageSize: 1000 });
    expect(search.data.projects?.length).toBe(data.cloud.projects.length);
    const project = Object.keys(data.cloud.pools)[0];
    const pools = await clients.iam.projects.locations.workloadIdentityPools.list({
      parent: `projects/${project}/locations/global`,
    });
    const pool = pools.data.workloadIdentityPools?.[0];
    expect(pool?.name).toMatch(/^projects\/\d+\/locations\/global\/workloadIdentityPools\//);
    const providers = await clients.iam.projects.locations.workloadIdentityPools.providers.list({
      parent: pool?.name as string,
    });
    expect(providers.data.workloadIdentityPoolProviders?.map((x) => x.name)).toEqual(
      data.cloud.providers[pool?.name as string].map((x) => x.name),
    );
  });

  it("Policy Analyzer activities:query through the auth client's request(), paged", async () => {
    const project = data.cloud.projects[0].projectId as string;
    const url = `${clients.root}v1/projects/${project}/locations/global/activityTypes/serviceAccountLastAuthentication/activities:query`;
    const res = await clients.auth.request<{
      activities?: Array<{ fullResourceName: string }>;
      nextPageToken?: string;
    }>({ url, params: { pageSize: 2 } });
    const expected = data.cloud.activities[project].serviceAccountLastAuthentication;
    expect(res.data.activities?.map((a) => a.fullResourceName)).toEqual(
      expected.slice(0, 2).map((a) => a.fullResourceName),
    );
    expect(Boolean(res.data.nextPageToken)).toBe(expected.length > 2);
    const bad = await errorOf(
      clients.auth.request({ url: url.replace('serviceAccountLastAuthentication', 'somethingElse') }),
    );
    expect(bad.status).toBe(400);
  });
});
