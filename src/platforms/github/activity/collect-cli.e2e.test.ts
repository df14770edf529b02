import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../../emulation/estate/index.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import { runCli } from '../../../testing/cli.js';
import { startGitHubEmulator } from '../emulator/index.js';
import type { GitHubEstateData } from '../estate/types.js';

// Audit-log entries (GitHub's audit-log-event shape), times relative to the wall clock the CLI runs on: one older
// than the audit log's 180 days (never asked for), two recent.
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const entry = (id: string, ago: number, org: string) => ({
  '@timestamp': Date.now() - ago,
  created_at: Date.now() - ago,
  _document_id: `cli-${id}`,
  action: 'repo.create',
  actor: 'octocat',
  org,
  repo: `${org}/r${id}`,
});

describe('steward events collect (GitHub emulator)', () => {
  let ghec: Awaited<ReturnType<typeof startGitHubEmulator>>;
  let free: Awaited<ReturnType<typeof startGitHubEmulator>>;
  let dir: string;
  const config = (server: typeof ghec, name: string) => {
    const cfg = join(dir, `${name}.yaml`);
    Object.assign(process.env, server.env);
    writeFileSync(cfg, stringify({ store: join(dir, `${name}.db`), tenants: server.tenants }));
    return cfg;
  };

  beforeAll(async () => {
    const data = (await generateEstate({ seed: 3, size: 10, platforms: ['github'] })).platforms
      .github as GitHubEstateData;
    const org = data.org.login;
    ghec = await startGitHubEmulator(data, {
      auditLog: [entry('1', 200 * DAY, org), entry('2', DAY, org), entry('3', 10 * MINUTE, org)],
    });
    free = await startGitHubEmulator(data, { ghec: false });
    dir = mkdtempSync(join(tmpdir(), 'steward-gh-collect-'));
  }, 60_000);
  afterAll(async () => {
    await ghec?.emulator.close();
    await free?.emulator.close();
  });

  it('collects from the cursor, adds nothing the second time', async () => {
    const cfg = config(ghec, 'ghec');
    const first = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich', '--json']);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    const [stream] = JSON.parse(first.stdout) as Array<{ status: string; summary: { stored: number } }>;
    expect(stream).toMatchObject({ status: 'collected', summary: { stored: 2, quarantined: 0 } });
    const second = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich']);
    expect(second.code).toBe(EXIT.ok);
    expect(second.stdout).toMatch(/1 records read, 1 events parsed, 0 quarantined, 1 duplicates, 0 stored/);
  });

  it('reports an org without GitHub Enterprise Cloud as unknown with exit 3', async () => {
    const refused = await runCli(['--config', config(free, 'free'), 'events', 'collect', '--no-enrich']);
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.stdout).toMatch(/FAILED, unknown .*answered 404: the audit log API needs GitHub Enterprise Cloud/);
  });
});
