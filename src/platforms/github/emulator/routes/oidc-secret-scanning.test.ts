import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../../emulation/estate/index.js';
import { corporaDir } from '../../../../testing/corpora.js';
import type { GitHubEstateData } from '../../estate/types.js';
import { startGitHubEmulator } from '../index.js';

let data: GitHubEstateData;
let s: Awaited<ReturnType<typeof startGitHubEmulator>>;
const h = () => ({ authorization: `token ${s.ownerToken}`, accept: 'application/vnd.github+json' });
const get = async (path: string) => {
  const r = await fetch(`${s.emulator.url}${path}`, { headers: h() });
  return { status: r.status, body: await r.json() };
};

beforeAll(async () => {
  data = (await generateEstate({ platforms: ['github'], size: 600, seed: 11 })).platforms.github as GitHubEstateData;
  s = await startGitHubEmulator(data, {});
});
afterAll(async () => {
  await s.emulator.close();
});

describe('GitHub emulator: OIDC subject templates and secret scanning', () => {
  it("serves the org template and each repository's (use_default true when the estate gave it none)", async () => {
    const org = data.org.login;
    expect((await get(`/orgs/${org}/actions/oidc/customization/sub`)).body).toEqual(data.oidcSubTemplate);
    const custom = data.repos.find((r) => r.oidcSub?.include_claim_keys)!;
    expect((await get(`/repos/${org}/${custom.name}/actions/oidc/customization/sub`)).body).toEqual(custom.oidcSub);
    const plain = data.repos.find((r) => !r.oidcSub)!;
    expect((await get(`/repos/${org}/${plain.name}/actions/oidc/customization/sub`)).body).toEqual({
      use_default: true,
    });
    expect((await get('/orgs/no-such-org/actions/oidc/customization/sub')).status).toBe(404);
  });

  it('filters alerts by state and serves the (synthetic) secret only without hide_secret=true', async () => {
    const org = data.org.login;
    const all = data.secretScanningAlerts ?? [];
    const open = (await get(`/orgs/${org}/secret-scanning/alerts?state=open&hide_secret=true&per_page=100`)).body;
    expect(open.length).toBe(Math.min(100, all.filter((a) => a.state === 'open').length));
    expect(open.every((a: { state: string; secret?: string }) => a.state === 'open' && a.secret === undefined)).toBe(
      true,
    );
    expect(all.some((a) => a.state === 'resolved')).toBe(true);
    const shown = (await get(`/orgs/${org}/secret-scanning/alerts?per_page=1`)).body[0];
    expect(shown.secret).toMatch(/^EXAMPLE-/);
    expect(shown.repository.full_name).toMatch(new RegExp(`^${org}/`));
    expect((await get('/enterprises/no-such-enterprise/secret-scanning/alerts')).status).toBe(404);
  });

  it("passes GitHub's OpenAPI schemas for the 7 operations (openapi-conformance, --strict-null)", async () => {
    const alert = (data.secretScanningAlerts ?? [])[0];
    const repo = data.repos.find((r) => r.oidcSub?.include_claim_keys)!;
    const run = (ops: string[], repoName: string) =>
      promisify(execFile)('node', [
        join(corporaDir(), '..', 'tools', 'openapi-conformance.mjs'),
        ...['--spec', join(corporaDir(), 'github-rest-openapi', 'ghec.nhi-subset.openapi.json')],
        ...['--base', s.emulator.url, '--header', `Authorization: token ${s.ownerToken}`, '--strict-null'],
        ...['--param', `org=${data.org.login}`, '--param', `owner=${data.org.login}`, '--param', `repo=${repoName}`],
        ...['--param', `alert_number=${alert.number}`, '--param', `enterprise=${data.enterprise?.slug ?? 'none'}`],
        ...['--only', ops.join(',')],
      ]);
    const oidc = await run(
      ['oidc/get-oidc-custom-sub-template-for-org', 'actions/get-custom-oidc-sub-claim-for-repo'],
      repo.name,
    );
    expect(oidc.stdout).toMatch(/2 passed, 0 failed, 0 skipped/);
    const scanning = [
      'secret-scanning/list-alerts-for-org',
      'secret-scanning/list-alerts-for-repo',
      'secret-scanning/list-alerts-for-enterprise',
      'secret-scanning/get-alert',
      'secret-scanning/list-locations-for-alert',
    ];
    expect((await run(scanning, alert.repo)).stdout).toMatch(/5 passed, 0 failed, 0 skipped/);
  });
});
