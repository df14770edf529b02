import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../../emulation/estate/index.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import { runCli } from '../../../testing/cli.js';
import { startSlackEmulator } from '../emulator/index.js';
import type { SlackEstateData } from '../estate/types.js';

// Audit Logs API entries (Slack's entry shape), times relative to the wall clock the CLI runs on: one older than the
// first read's 90 days (never asked for), two recent.
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const entry = (id: string, ago: number) => ({
  id: `cli-${id}`,
  date_create: Math.floor((Date.now() - ago) / 1000),
  action: 'user_login',
  actor: { type: 'user', user: { id: 'W0CLI', name: 'ada', email: 'ada@example.com', team: 'E0' } },
  entity: { type: 'user', user: { id: 'W0CLI', name: 'ada' } },
  context: { location: { type: 'enterprise', id: 'E0' }, ua: 'Mozilla/5.0', ip_address: '198.51.100.4' },
});

describe('steward events collect (Slack emulator)', () => {
  let grid: Awaited<ReturnType<typeof startSlackEmulator>>;
  let standard: Awaited<ReturnType<typeof startSlackEmulator>>;
  let dir: string;
  const config = (server: typeof grid, name: string) => {
    const cfg = join(dir, `${name}.yaml`);
    Object.assign(process.env, server.env);
    writeFileSync(cfg, stringify({ store: join(dir, `${name}.db`), tenants: server.tenants }));
    return cfg;
  };

  beforeAll(async () => {
    const data = (await generateEstate({ seed: 3, size: 10, platforms: ['slack'] })).platforms.slack as SlackEstateData;
    grid = await startSlackEmulator(data, {
      auditLogs: [entry('1', 100 * DAY), entry('2', DAY), entry('3', 10 * MINUTE)],
    });
    standard = await startSlackEmulator({ ...data, enterpriseId: null });
    dir = mkdtempSync(join(tmpdir(), 'steward-slack-collect-'));
  }, 60_000);
  afterAll(async () => {
    await grid?.emulator.close();
    await standard?.emulator.close();
  });

  it('collects from the cursor, adds nothing the second time', async () => {
    const cfg = config(grid, 'grid');
    const first = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich', '--json']);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    const [stream] = JSON.parse(first.stdout) as Array<{ status: string; summary: { stored: number } }>;
    expect(stream).toMatchObject({ status: 'collected', summary: { stored: 2, quarantined: 0 } });
    const second = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich']);
    expect(second.code).toBe(EXIT.ok);
    expect(second.stdout).toMatch(/1 records read, 1 events parsed, 0 quarantined, 1 duplicates, 0 stored/);
  });

  it('reports an org without Enterprise Grid as unknown with exit 3', async () => {
    const refused = await runCli(['--config', config(standard, 'standard'), 'events', 'collect', '--no-enrich']);
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.stdout).toMatch(
      /FAILED, unknown .*not_allowed_token_type: the Audit Logs API needs Slack Enterprise Grid/,
    );
  });
});
