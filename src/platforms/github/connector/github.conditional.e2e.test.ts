import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate, type Estate } from '../../../emulation/estate/index.js';
import type { GitHubEstateData } from '../estate/types.js';
import { startGitHubEmulator } from '../emulator/index.js';
import type { StartedPlatform } from '../../../emulation/emulator.js';
import { createLogger } from '../../../lib/logger.js';
import type { SyncRun } from '../../../model/index.js';
import { listIdentityViews, type IdentityView } from '../../../store/inventory-reader.js';
import type { Store } from '../../../store/index.js';
import { openTestStore } from '../../../testing/store.js';
import { connectorFor } from '../../registry.js';
import { runSync } from '../../../sync/engine.js';

/**
 * Conditional requests against the emulator (which implements GitHub's ETag / If-None-Match / 304 and does not count
 * a 304 against the rate limit): an unchanged re-scan is answered 304 page after page, costs no quota, and stores
 * exactly what the full scan stored; a changed page is read again. Cached bodies hold no secret.
 */
const warnings: string[] = [];
const log = createLogger({ level: 'warn', write: (line) => warnings.push(line) });
let estate: Estate;
let data: GitHubEstateData;
let s: StartedPlatform & { emulator: { close(): Promise<void> } };
let store: Store;
/** The quota a full scan of the estate costs, as the emulator counts it. */
let fullQuota = 0;

beforeAll(async () => {
  estate = await generateEstate({ platforms: ['github'], size: 600, seed: 7 });
  data = estate.platforms.github as GitHubEstateData;
  s = await startGitHubEmulator(data, {});
  Object.assign(process.env, s.env);
  store = await openTestStore('sqlite');
});
afterAll(async () => {
  await store?.close();
  await s?.emulator.close();
});

async function scan(options: Record<string, unknown> = {}): Promise<SyncRun> {
  const job = {
    platform: 'github' as const,
    tenant: s.tenants[0].tenant,
    options: { ...s.tenants[0].options, ...options },
  };
  const [run] = await runSync([job], { store, connectors: connectorFor, log });
  expect(run.errors).toEqual([]);
  expect(run.status).toBe('succeeded');
  return run;
}

/** The caller's requests counted against GitHub's rate limit so far, as GitHub reports it (x-ratelimit-used). */
async function quotaUsed(): Promise<number> {
  const response = await fetch(`${s.emulator.url}/orgs/${s.tenants[0].tenant}/members?per_page=1`, {
    headers: { authorization: `token ${s.env.STEWARD_EMU_GITHUB_TOKEN}` },
  });
  await response.body?.cancel();
  return Number(response.headers.get('x-ratelimit-used'));
}

function content(v: IdentityView) {
  const { firstSeen: _f, lastSeen: _l, owner: _o, ...rest } = v;
  return { ...rest, credentials: [...v.credentials].sort((a, b) => a.id.localeCompare(b.id)) };
}
const inventory = async () => (await listIdentityViews(store, { platform: 'github' })).map(content);

describe('GitHub conditional requests (ETag, 304) against the emulator', () => {
  it('an unchanged re-scan is all 304s, costs no quota and stores the same inventory; a changed page is read again', async () => {
    const before = await quotaUsed();
    const full = await scan();
    expect(full.notModified ?? 0).toBe(0);
    expect(full.counts.identities).toBe(estate.labels.identities.length);
    const afterFull = await quotaUsed();
    // Every call of the full scan counted (the probe itself is one more).
    fullQuota = afterFull - before - 1;
    expect(fullQuota).toBe(full.apiCalls);
    const stored = await inventory();

    warnings.length = 0;
    const again = await scan();
    expect(warnings).toEqual([]); // a 304 is the expected answer, not a warning per page
    expect(again.apiCalls).toBe(full.apiCalls);
    expect(again.notModified).toBe(again.apiCalls);
    expect(again.counts.removed).toBe(0);
    expect((await quotaUsed()) - afterFull - 1).toBe(0);
    expect(await inventory()).toEqual(stored);

    // One repository gains a deploy key: that page alone is answered 200 (and counted); the key is stored.
    const repo = data.repos.find((r) => r.keys.length > 0 && !r.archived) ?? data.repos[0];
    repo.keys.push({ ...(repo.keys[0] ?? sampleKey()), id: 987_654_321, title: 'added-between-scans' });
    const beforeChanged = await quotaUsed();
    const changed = await scan();
    expect(changed.apiCalls - (changed.notModified ?? 0)).toBe(1);
    expect((await quotaUsed()) - beforeChanged - 1).toBe(1);
    const names = (await listIdentityViews(store, { platform: 'github' })).map((v) => v.name);
    expect(names.filter((n) => n.includes('added-between-scans'))).toHaveLength(1);
  });

  it('conditionalRequests: false sends no If-None-Match (every page read and counted)', async () => {
    const before = await quotaUsed();
    const run = await scan({ conditionalRequests: false });
    expect(run.notModified ?? 0).toBe(0);
    expect((await quotaUsed()) - before - 1).toBe(fullQuota);
  });

  it('cached bodies hold no secret value: a hook URL with a password, a token and a Slack-style key is stored redacted', async () => {
    const repo = data.repos.find((r) => r.hooks.length > 0);
    expect(repo).toBeDefined();
    repo!.hooks[0].config.url =
      'https://deploy:Sup3rS3cretPassw0rd@hooks.example.com/services/T0ABCDEF/B0ABCDEF/q1w2e3r4t5y6u7i8o9p0a1s2?token=ab12cd34ef56ab12cd34ef56';
    await scan();
    const stored = (await inventory()).filter((v) => JSON.stringify(v).includes('hooks.example.com'));
    const again = await scan();
    expect(again.notModified).toBe(again.apiCalls);
    // What a 304 gives the transforms is what the 200 gave them: the same stored URL, masked the same way.
    expect((await inventory()).filter((v) => JSON.stringify(v).includes('hooks.example.com'))).toEqual(stored);
    expect(JSON.stringify(stored)).toContain('hooks.example.com/services/T0ABCDEF/B0ABCDEF/****');
    const rows = await store.db.selectFrom('http_cache').select(['url', 'body']).execute();
    const all = rows.map((r) => r.body).join('\n');
    expect(all).toContain('hooks.example.com');
    for (const secret of ['Sup3rS3cretPassw0rd', 'ab12cd34ef56ab12cd34ef56', 'q1w2e3r4t5y6u7i8o9p0a1s2'])
      expect(all).not.toContain(secret);
  });
});

function sampleKey() {
  return {
    id: 1,
    key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    title: 'sample',
    verified: true,
    created_at: '2026-01-01T00:00:00Z',
    read_only: true,
    added_by: null,
    last_used: null,
    enabled: true,
  };
}
