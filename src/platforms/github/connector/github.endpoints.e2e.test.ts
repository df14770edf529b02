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

/** The endpoint template with the estate's org, a repository and an installed App filled in. */
function path(endpoint: string): string {
  const values: Record<string, string> = {
    org: data.org.login,
    owner: data.org.login,
    repo: data.repos[0].name,
    app_slug: data.apps[0].slug,
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

  it('points a refusal at the reference of the endpoint refused', async () => {
    s.emulator.faults.set({ endpoints: [{ endpoint: 'GET /orgs/{org}/actions/secrets', fault: '403', delayMs: 0 }] });
    const body = await (await get('GET /orgs/{org}/actions/secrets')).json();
    expect(body.documentation_url).toBe('https://docs.github.com/rest/actions/secrets#list-organization-secrets');
  });
});
