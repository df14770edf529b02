import { createSign, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { GitHubEstateData } from '../estate/types.js';
import { startGitHubEmulator } from './index.js';
import { verifyAppJwt } from './auth.js';

let data: GitHubEstateData;
let s: Awaited<ReturnType<typeof startGitHubEmulator>>;
const h = () => ({ authorization: `token ${s.ownerToken}`, accept: 'application/vnd.github+json' });

function jwt(pem: string | import('node:crypto').KeyObject, payload: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}`;
  const sig = createSign('RSA-SHA256').update(body).sign(pem).toString('base64url');
  return `${body}.${sig}`;
}

beforeAll(async () => {
  data = (await generateEstate({ platforms: ['github'], size: 600, seed: 11 })).platforms.github as GitHubEstateData;
  s = await startGitHubEmulator(data, { throttleStyle: 'alternate' });
});
afterAll(async () => {
  await s.emulator.close();
});

describe('GitHub emulator wire format', () => {
  it("rejects missing or wrong credentials with GitHub's 401 body and rate headers", async () => {
    for (const headers of [{}, { authorization: 'token ghp_wrong' }, { authorization: 'Basic abc' }] as Array<
      Record<string, string>
    >) {
      const r = await fetch(`${s.emulator.url}/orgs/${data.org.login}/members`, { headers });
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      expect(r.headers.get('x-ratelimit-limit')).toBe('60');
    }
    const bearer = await fetch(`${s.emulator.url}/orgs/${data.org.login}/members`, {
      headers: { authorization: `Bearer ${s.ownerToken}` },
    });
    expect(bearer.status).toBe(200);
  });

  it('pages with page/per_page (default 30, max 100) and an absolute Link header', async () => {
    const url = `${s.emulator.url}/orgs/${data.org.login}/repos`;
    const first = await fetch(url, { headers: h() });
    expect((await first.json()).length).toBe(Math.min(30, data.repos.length));
    const link = first.headers.get('link')!;
    expect(link).toMatch(new RegExp(`<${s.emulator.url}/orgs/${data.org.login}/repos\\?page=2>; rel="next"`));
    expect(link).toContain('rel="last"');
    const big = await fetch(`${url}?per_page=500`, { headers: h() });
    expect((await big.json()).length).toBe(Math.min(100, data.repos.length));
    const lastPage = Math.ceil(data.repos.length / 30);
    expect(lastPage).toBeGreaterThan(1);
    const last = await fetch(`${url}?page=${lastPage}`, { headers: h() });
    expect((await last.json()).length).toBe(data.repos.length - 30 * (lastPage - 1));
    expect(last.headers.get('link')).not.toContain('rel="next"');
    expect(last.headers.get('link')).toContain('rel="prev"');
  });

  it('sends x-ratelimit-* on every response and counts usage per token', async () => {
    const a = await fetch(`${s.emulator.url}/orgs/${data.org.login}/hooks`, { headers: h() });
    const b = await fetch(`${s.emulator.url}/orgs/${data.org.login}/hooks`, { headers: h() });
    for (const r of [a, b])
      for (const k of [
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-used',
        'x-ratelimit-reset',
        'x-ratelimit-resource',
      ])
        expect(r.headers.get(k), k).not.toBeNull();
    expect(Number(b.headers.get('x-ratelimit-used'))).toBe(Number(a.headers.get('x-ratelimit-used')) + 1);
    const rl = await (await fetch(`${s.emulator.url}/rate_limit`, { headers: h() })).json();
    expect(rl.resources.core).toMatchObject({ limit: 5000 });
    expect(rl.rate.remaining).toBe(rl.resources.core.remaining);
  });

  it('wraps installations and secrets in {total_count, …} and masks webhook secrets', async () => {
    const inst = await (
      await fetch(`${s.emulator.url}/orgs/${data.org.login}/installations?per_page=2`, { headers: h() })
    ).json();
    expect(inst.total_count).toBe(data.installations.length);
    expect(inst.installations).toHaveLength(2);
    expect(inst.installations[0].account.login).toBe(data.org.login);
    const sec = await (
      await fetch(`${s.emulator.url}/orgs/${data.org.login}/actions/secrets`, { headers: h() })
    ).json();
    expect(sec.total_count).toBe(data.orgSecrets.length);
    expect(Object.keys(sec.secrets[0])).not.toContain('value');
    const withSecret = data.orgHooks.find((x) => x.config.secret);
    if (withSecret) {
      const hooks = await (
        await fetch(`${s.emulator.url}/orgs/${data.org.login}/hooks?per_page=100`, { headers: h() })
      ).json();
      expect(hooks.find((x: { id: number }) => x.id === withSecret.id).config.secret).toBe('********');
    }
  });

  it("serves runner groups as {total_count, runner_groups} in GitHub's runner-groups-org shape", async () => {
    const url = `${s.emulator.url}/orgs/${data.org.login}/actions/runner-groups`;
    const body = await (await fetch(`${url}?per_page=100`, { headers: h() })).json();
    expect(body.total_count).toBe(data.runnerGroups.length);
    expect(body.runner_groups).toHaveLength(data.runnerGroups.length);
    expect(body.runner_groups[0]).toMatchObject({
      id: 1,
      name: 'Default',
      visibility: 'all',
      default: true,
      inherited: false,
      allows_public_repositories: true,
      runners_url: `${url}/1/runners`,
    });
    const selected = body.runner_groups.find((g: { visibility: string }) => g.visibility === 'selected');
    if (selected) expect(selected.selected_repositories_url).toBe(`${url}/${selected.id}/repositories`);
    const other = await fetch(`${s.emulator.url}/orgs/no-such-org/actions/runner-groups`, { headers: h() });
    expect(other.status).toBe(404);
  });

  it("answers unknown orgs/repos with GitHub's 404 body", async () => {
    const r = await fetch(`${s.emulator.url}/repos/${data.org.login}/no-such-repo/keys`, { headers: h() });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
    expect((await fetch(`${s.emulator.url}/orgs/other-org/members`, { headers: h() })).status).toBe(404);
  });

  it('throttles with alternating secondary (429 + retry-after) and primary (403, remaining 0) limits, and 5xx bodies', async () => {
    s.emulator.faults.set({ throttleEvery: 1, retryAfterSeconds: 3 });
    try {
      const secondary = await fetch(`${s.emulator.url}/orgs/${data.org.login}/members`, { headers: h() });
      const primary = await fetch(`${s.emulator.url}/orgs/${data.org.login}/members`, { headers: h() });
      expect(secondary.status).toBe(429);
      expect(secondary.headers.get('retry-after')).toBe('3');
      expect((await secondary.json()).message).toMatch(/secondary rate limit/);
      expect(primary.status).toBe(403);
      expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(primary.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(
        Math.floor(Date.now() / 1000) + 2,
      );
      expect((await primary.json()).message).toMatch(/API rate limit exceeded/);
      s.emulator.faults.set({ serverErrorRate: 1 });
      const err = await fetch(`${s.emulator.url}/orgs/${data.org.login}/members`, { headers: h() });
      expect(err.status).toBeGreaterThanOrEqual(500);
      expect(await err.json()).toMatchObject({ message: 'Server Error', status: String(err.status) });
    } finally {
      s.emulator.faults.reset();
    }
  });

  it('issues installation tokens only for a valid RS256 App JWT, and those tokens work', async () => {
    const url = `${s.emulator.url}/app/installations/${data.scanner.installationId}/access_tokens`;
    const now = Math.floor(Date.now() / 1000);
    const good = jwt(s.appKeyPem, { iat: now - 30, exp: now + 540, iss: String(data.scanner.appId) });
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${good}` } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
    const members = await fetch(`${s.emulator.url}/orgs/${data.org.login}/members`, {
      headers: { authorization: `token ${body.token}` },
    });
    expect(members.status).toBe(200);
    expect(members.headers.get('x-ratelimit-limit')).toBe('15000');

    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = jwt(otherKey, { iat: now - 30, exp: now + 540, iss: String(data.scanner.appId) });
    expect((await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    const expired = jwt(s.appKeyPem, { iat: now - 1200, exp: now - 600, iss: String(data.scanner.appId) });
    expect((await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${expired}` } })).status).toBe(401);
    const wrongInstallation = await fetch(`${s.emulator.url}/app/installations/1/access_tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${good}` },
    });
    expect(wrongInstallation.status).toBe(404);
    // A JWT is not accepted on org endpoints.
    expect(
      (
        await fetch(`${s.emulator.url}/orgs/${data.org.login}/members`, {
          headers: { authorization: `Bearer ${good}` },
        })
      ).status,
    ).toBe(401);
  });

  it('verifyAppJwt rejects a wrong issuer and a too-long lifetime', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = 1_800_000_000;
    expect(verifyAppJwt(jwt(privateKey, { iat: now, exp: now + 600, iss: 7 }), 7, publicKey, now)).toEqual({
      ok: true,
      appId: 7,
    });
    expect(verifyAppJwt(jwt(privateKey, { iat: now, exp: now + 600, iss: 8 }), 7, publicKey, now).ok).toBe(false);
    expect(verifyAppJwt(jwt(privateKey, { iat: now, exp: now + 3600, iss: 7 }), 7, publicKey, now).ok).toBe(false);
    expect(verifyAppJwt('a.b', 7, publicKey, now).ok).toBe(false);
  });

  it('returns 404 for credential authorizations when not GHEC', async () => {
    const plain = await startGitHubEmulator(data, { ghec: false });
    try {
      const r = await fetch(`${plain.emulator.url}/orgs/${data.org.login}/credential-authorizations`, {
        headers: { authorization: `token ${plain.ownerToken}` },
      });
      expect(r.status).toBe(404);
      expect(plain.tenants[0]).toMatchObject({
        platform: 'github',
        tenant: data.org.login,
        options: { baseUrl: plain.emulator.url, token: { env: 'STEWARD_EMU_GITHUB_TOKEN' } },
      });
      expect(plain.env.STEWARD_EMU_GITHUB_TOKEN).toBe(plain.ownerToken);
    } finally {
      await plain.emulator.close();
    }
  });
});
