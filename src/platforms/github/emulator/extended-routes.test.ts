import { createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { GitHubEstateData } from '../estate/types.js';
import { auditLog } from './audit-log.js';
import { deliveriesOf, runnersOf } from './derived.js';
import { startGitHubEmulator } from './index.js';

let data: GitHubEstateData;
let s: Awaited<ReturnType<typeof startGitHubEmulator>>;
const owner = () => ({ authorization: `token ${s.ownerToken}` });
const get = (path: string, headers: Record<string, string> = owner()) => fetch(`${s.emulator.url}${path}`, { headers });

function appJwt(): string {
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iat: now - 30, exp: now + 540, iss: data.scanner.appId })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(s.appKeyPem).toString('base64url')}`;
}

beforeAll(async () => {
  data = (await generateEstate({ platforms: ['github'], size: 600, seed: 11 })).platforms.github as GitHubEstateData;
  s = await startGitHubEmulator(data, { patListsForTokens: false });
});
afterAll(async () => {
  await s.emulator.close();
});

describe('GitHub emulator: App, installation and enterprise routes', () => {
  it('answers /app/* and installation lookups to the App JWT only', async () => {
    const refused = await get('/app');
    expect(refused.status).toBe(401);
    expect((await refused.json()).message).toBe('A JSON web token could not be decoded');
    const jwt = { authorization: `Bearer ${appJwt()}` };
    const me = await (await get('/app', jwt)).json();
    expect(me.slug).toBe(data.scanner.appSlug);
    const installations = (await (await get('/app/installations', jwt)).json()) as Array<{
      id: number;
      target_type: string;
    }>;
    expect(installations.map((i) => i.target_type)).toEqual(['Organization', 'Enterprise']);
    expect((await (await get(`/orgs/${data.org.login}/installation`, jwt)).json()).id).toBe(
      data.scanner.installationId,
    );
    expect((await get(`/users/${data.org.login}/installation`, jwt)).status).toBe(200);
    expect((await get(`/users/${data.members[0].login}/installation`, jwt)).status).toBe(404);
    expect((await get(`/enterprises/${data.enterprise!.slug}/installation`, jwt)).status).toBe(200);
    expect((await get('/enterprises/elsewhere/installation', jwt)).status).toBe(404);
  });

  it('lists the installation repositories to an installation token, not to a classic token', async () => {
    expect((await get('/installation/repositories')).status).toBe(403);
    const minted = await fetch(`${s.emulator.url}/app/installations/${data.scanner.installationId}/access_tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${appJwt()}` },
    });
    const { token } = await minted.json();
    const body = await (
      await get('/installation/repositories?per_page=100', { authorization: `token ${token}` })
    ).json();
    expect(body.total_count).toBe(data.repos.length); // the scanner App is installed on all repositories
    expect(body.repositories[0].full_name).toBe(`${data.org.login}/${data.repos[0].name}`);
  });

  it('serves enterprise runners from inherited groups and org runners from the org groups, consistently', async () => {
    const org = await (await get(`/orgs/${data.org.login}/actions/runners?per_page=100`)).json();
    expect(org.total_count).toBe(runnersOf(data, false).length);
    const first = org.runners[0];
    expect(await (await get(`/orgs/${data.org.login}/actions/runners/${first.id}`)).json()).toEqual(first);
    expect((await get(`/orgs/${data.org.login}/actions/runners/999999999`)).status).toBe(404);
    const ent = await (await get(`/enterprises/${data.enterprise!.slug}/actions/runners`)).json();
    expect(ent.total_count).toBe(runnersOf(data, true).length);
  });
});

describe('GitHub emulator: members', () => {
  it('shows a member name and e-mail only where the user made them public, leaving the keys out otherwise', async () => {
    const members = (await (await get(`/orgs/${data.org.login}/members?per_page=100`)).json()) as Array<
      Record<string, unknown>
    >;
    const byLogin = new Map(data.members.map((m) => [m.login, m]));
    for (const m of members) {
      const stored = byLogin.get(m.login as string)!;
      expect('email' in m).toBe(stored.email !== null);
      expect('name' in m).toBe(stored.name !== null);
    }
    expect(members.some((m) => 'email' in m)).toBe(true);
    expect(members.some((m) => !('email' in m))).toBe(true);
  });
});

describe('GitHub emulator: secrets, hooks, keys and PAT details', () => {
  it('shares an org secret with the repositories its visibility reaches', async () => {
    const selected = data.orgSecrets.find((x) => x.visibility === 'selected' && x.selected_repository_ids.length)!;
    const repos = await (
      await get(`/orgs/${data.org.login}/actions/secrets/${selected.name.toLowerCase()}/repositories`)
    ).json();
    expect(repos.repositories.map((r: { id: number }) => r.id).sort()).toEqual(
      [...selected.selected_repository_ids].sort(),
    );
    const repo = data.repos.find((r) => r.id === selected.selected_repository_ids[0])!;
    const shared = await (
      await get(`/repos/${data.org.login}/${repo.name}/actions/organization-secrets?per_page=100`)
    ).json();
    expect(shared.secrets.map((x: { name: string }) => x.name)).toContain(selected.name);
    const publicRepo = data.repos.find((r) => r.visibility === 'public');
    if (publicRepo) {
      const onPublic = await (
        await get(`/repos/${data.org.login}/${publicRepo.name}/actions/organization-secrets?per_page=100`)
      ).json();
      const privateOnly = data.orgSecrets.filter((x) => x.visibility === 'private').map((x) => x.name);
      expect(onPublic.secrets.some((x: { name: string }) => privateOnly.includes(x.name))).toBe(false);
    }
  });

  it('serves a hook, its config and deliveries, and each delivery in detail', async () => {
    const hook = data.orgHooks[0];
    const base = `/orgs/${data.org.login}/hooks/${hook.id}`;
    expect((await (await get(base)).json()).id).toBe(hook.id);
    expect(await (await get(`${base}/config`)).json()).toEqual(hook.config);
    const list = await (await get(`${base}/deliveries`)).json();
    expect(list).toEqual(deliveriesOf(hook, null));
    const detail = await (await get(`${base}/deliveries/${list[0].id}`)).json();
    expect(detail.request.headers['X-GitHub-Hook-ID']).toBe(String(hook.id));
    expect((await get(`${base}/deliveries/1`)).status).toBe(404);
  });

  it('answers the PAT grant repositories only to an App when classic tokens are refused, like github.com', async () => {
    const grant = data.patGrants[0];
    const r = await get(`/orgs/${data.org.login}/personal-access-tokens/${grant.id}/repositories`);
    expect(r.status).toBe(403);
    expect((await r.json()).message).toBe('Resource not accessible by personal access token');
  });

  it('derives an audit log of creation events, newest first, naming the actor only when the estate does', () => {
    const log = auditLog(data);
    const keys = data.repos.reduce((n, r) => n + r.keys.length, 0);
    expect(log.filter((e) => e.action === 'public_key.create').length).toBe(keys);
    expect(log.every((e, i) => i === 0 || log[i - 1].created_at >= e.created_at)).toBe(true);
    const grant = log.find((e) => e.action === 'personal_access_token.access_granted')!;
    expect(data.patGrants.some((g) => g.owner.login === grant.actor)).toBe(true);
    expect(log.filter((e) => e.action === 'integration_installation.create').every((e) => e.actor === undefined)).toBe(
      true,
    );
  });
});
