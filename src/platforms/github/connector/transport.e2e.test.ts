import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Estate, generateEstate } from '../../../emulation/estate/index.js';
import { createLogger } from '../../../lib/logger.js';
import { listIdentityViews } from '../../../store/inventory-reader.js';
import { runSync } from '../../../sync/engine.js';
import { openTestStore } from '../../../testing/store.js';
import type { GitHubEstateData } from '../estate/types.js';
import { appTenantOptions, type GitHubEmulatorOptions, startGitHubEmulator } from '../emulator/index.js';
import { connectorFor } from '../../registry.js';

/**
 * Two 403s that are not missing permissions, through the real connector and engine: GitHub's secondary rate limit
 * in its 403 form (retried after `retry-after`, never a refusal) and SAML SSO enforcement on a token not authorized
 * for the org (a skipped source whose problem names SSO authorization and where to grant it). Expected values come
 * from the estate's labels and GitHub's documented answers.
 */
let estate: Estate;
let data: GitHubEstateData;
const started: Array<Awaited<ReturnType<typeof startGitHubEmulator>>> = [];

beforeAll(async () => {
  estate = await generateEstate({ platforms: ['github'], size: 200, seed: 77 });
  data = estate.platforms.github as GitHubEstateData;
});
afterEach(async () => {
  for (const s of started.splice(0)) await s.emulator.close();
});

async function emulator(options: GitHubEmulatorOptions) {
  const s = await startGitHubEmulator(data, options);
  started.push(s);
  Object.assign(process.env, s.env);
  return s;
}

async function scan(s: Awaited<ReturnType<typeof startGitHubEmulator>>, options: Record<string, unknown>) {
  const store = await openTestStore('sqlite');
  try {
    const [run] = await runSync([{ platform: 'github', tenant: s.tenants[0].tenant, options }], {
      store,
      connectors: connectorFor,
      log: createLogger({ level: 'error' }),
    });
    return { run, ids: (await listIdentityViews(store, { platform: 'github' })).map((v) => v.id).sort() };
  } finally {
    await store.close();
  }
}

const labelIds = () =>
  estate.labels.identities
    .filter((l) => l.platform === 'github')
    .map((l) => l.id)
    .sort();

describe('GitHub 403s that are not missing permissions', () => {
  it('retries the secondary rate limit in its 403 form after retry-after and completes every source', async () => {
    const s = await emulator({ throttleStyle: 'secondary-403', faults: { throttleEvery: 4, retryAfterSeconds: 1 } });
    const { run, ids } = await scan(s, { ...s.tenants[0].options, backoffUnitMs: 1, maxRetries: 3 });
    expect(run.errors).toEqual([]);
    expect(run.status).toBe('succeeded');
    expect(run.sources.filter((o) => o.status !== 'complete')).toEqual([]);
    expect(s.emulator.faults.throttled).toBeGreaterThan(2);
    expect(run.retries).toBe(s.emulator.faults.throttled);
    expect(ids).toEqual(labelIds());
  });

  it('reports SAML SSO enforcement as a skipped source naming SSO authorization, and an App is not subject to it', async () => {
    const s = await emulator({ ssoEnforced: ['GET /orgs/{org}/actions/secrets'] });
    const direct = await fetch(`${s.emulator.url}/orgs/${data.org.login}/actions/secrets`, {
      headers: { authorization: `token ${s.ownerToken}` },
    });
    expect(direct.status).toBe(403);
    expect(direct.headers.get('x-github-sso')).toMatch(
      new RegExp(`^required; url=https://github.com/orgs/${data.org.login}/sso\\?authorization_request=`),
    );

    const { run } = await scan(s, { ...s.tenants[0].options, backoffUnitMs: 1 });
    expect(run.status).toBe('partial');
    const outcome = run.sources.find((o) => o.source === 'org-secrets');
    expect(outcome).toMatchObject({ status: 'skipped', problem: { kind: 'http', httpStatus: 403 } });
    expect(outcome?.problem?.message).toMatch(/SAML SSO authorization required/);
    expect(outcome?.problem?.message).toContain(`https://github.com/orgs/${data.org.login}/sso`);
    expect(run.sources.filter((o) => o.status !== 'complete').map((o) => o.source)).toEqual(['org-secrets']);

    const asApp = await scan(s, { ...appTenantOptions(s), backoffUnitMs: 1 });
    expect(asApp.run.sources.find((o) => o.source === 'org-secrets')?.status).toBe('complete');
  });
});
