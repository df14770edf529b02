import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { GitHubEstateData } from '../estate/types.js';
import { startGitHubEmulator } from '../emulator/index.js';
import { rateLimitWait } from './rate-limits.js';
import { GITHUB_SOURCES } from './sources.js';

/**
 * Every endpoint a source declares is served by the emulator, and an endpoint fault answers with GitHub's own
 * refusal: 403 `Resource not accessible by integration` (what an App lacking the permission gets) and 404 `Not Found`,
 * each with `documentation_url` and the rate-limit headers GitHub sends on every answer.
 */
let data: GitHubEstateData;
let s: Awaited<ReturnType<typeof startGitHubEmulator>>;

beforeAll(async () => {
  data = (await generateEstate({ platforms: ['github'], size: 200, seed: 5 })).platforms.github as GitHubEstateData;
  s = await startGitHubEmulator(data);
});
afterAll(async () => {
  await s.emulator.close();
});
afterEach(() => {
  s.emulator.faults.reset();
});

const endpoints = GITHUB_SOURCES.flatMap((source) => source.endpoints);

/** The endpoint template with the estate's org, a repository with an environment and an installed App filled in. */
function path(endpoint: string): string {
  const repo = data.repos.find((r) => r.environments.length > 0) ?? data.repos[0];
  const values: Record<string, string> = {
    org: data.org.login,
    owner: data.org.login,
    repo: repo.name,
    app_slug: data.apps[0].slug,
    environment_name: encodeURIComponent(repo.environments[0]?.name ?? 'production'),
  };
  return endpoint.split(' ')[1].replace(/\{(\w+)\}/g, (_, name: string) => values[name]);
}

const get = (endpoint: string) =>
  fetch(`${s.emulator.url}${path(endpoint)}`, {
    headers: { authorization: `token ${s.ownerToken}`, accept: 'application/vnd.github+json' },
  });

describe('GitHub emulator: every declared endpoint', () => {
  it.each(endpoints)('%s is served', async (endpoint) => {
    const r = await get(endpoint);
    expect(r.status).toBe(200);
    expect(await r.json()).toBeTypeOf('object');
  });

  it.each(endpoints)("%s refuses with GitHub's 403 and 404 bodies when faulted", async (endpoint) => {
    for (const [fault, message] of [
      ['403', 'Resource not accessible by integration'],
      ['404', 'Not Found'],
    ] as const) {
      s.emulator.faults.set({ endpoints: [{ endpoint, fault, delayMs: 0 }] });
      const r = await get(endpoint);
      expect(r.status, fault).toBe(Number(fault));
      const body = await r.json();
      expect(body).toEqual({
        message,
        documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\/rest\/[a-z-]+\/[a-z-]+#[a-z-]+$/),
        status: fault,
      });
      const headers = Object.fromEntries(r.headers);
      expect(headers['x-ratelimit-remaining']).toMatch(/^[1-9]\d*$/);
      // The connector's rate-limit plugin must not take the refusal for a limit and wait on it.
      expect(rateLimitWait({ status: r.status, message: body.message, response: { headers } })).toBeNull();
    }
  });

  it('serves an environment whose name holds a slash (URL-encoded in the path) and 404s an unknown one', async () => {
    // The served estate is live: an environment added to a repository is served at once.
    const repo = data.repos[1];
    const env = {
      id: 161_999_999,
      name: 'release/candidate',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      secrets: [{ name: 'SIGNING_KEY', created_at: '2026-01-02T00:00:00Z', updated_at: '2026-01-03T00:00:00Z' }],
    };
    repo.environments.push(env);
    const at = (name: string) =>
      fetch(`${s.emulator.url}/repos/${data.org.login}/${repo.name}/environments/${name}/secrets`, {
        headers: { authorization: `token ${s.ownerToken}` },
      });
    const r = await at(encodeURIComponent(env.name));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      total_count: env.secrets.length,
      secrets: env.secrets
        .slice(0, 30)
        .map((x) => ({ name: x.name, created_at: x.created_at, updated_at: x.updated_at })),
    });
    expect((await at('no-such-environment')).status).toBe(404);
    expect((await at('release/candidate')).status).toBe(404); // unencoded, it is another path
    repo.environments.pop();
  });

  it('points a refusal at the reference of the endpoint refused', async () => {
    s.emulator.faults.set({ endpoints: [{ endpoint: 'GET /orgs/{org}/actions/secrets', fault: '403', delayMs: 0 }] });
    const body = await (await get('GET /orgs/{org}/actions/secrets')).json();
    expect(body.documentation_url).toBe('https://docs.github.com/rest/actions/secrets#list-organization-secrets');
  });
});
