import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../../emulation/estate/index.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import { runCli } from '../../../testing/cli.js';
import { startOktaEmulator } from '../emulator/index.js';
import type { OktaEstateData } from '../estate/types.js';

// LogEvents (Okta's System Log shape), times relative to the wall clock the CLI runs on: one older than Okta's 90 days
// (never asked for), two recent.
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const logEvent = (id: string, ago: number) => ({
  uuid: `cli-${id}`,
  published: new Date(Date.now() - ago).toISOString(),
  eventType: 'user.lifecycle.create',
  actor: { id: '00u1cli', type: 'User', alternateId: 'ops@example.com', displayName: 'Ops' },
  outcome: { result: 'SUCCESS' },
  transaction: { type: 'WEB', id: `tx-${id}`, detail: {} },
  target: [],
});

describe('steward events collect (Okta emulator)', () => {
  let okta: Awaited<ReturnType<typeof startOktaEmulator>>;
  let dir: string;
  const config = (name: string) => {
    const cfg = join(dir, `${name}.yaml`);
    Object.assign(process.env, okta.env);
    writeFileSync(cfg, stringify({ store: join(dir, `${name}.db`), tenants: okta.tenants }));
    return cfg;
  };

  beforeAll(async () => {
    const data = (await generateEstate({ seed: 3, size: 10, platforms: ['okta'] })).platforms.okta as OktaEstateData;
    okta = await startOktaEmulator(data, {
      systemLog: [logEvent('1', 120 * DAY), logEvent('2', DAY), logEvent('3', 10 * MINUTE)],
    });
    dir = mkdtempSync(join(tmpdir(), 'steward-okta-collect-'));
  }, 60_000);
  afterAll(async () => {
    await okta?.emulator.close();
  });

  it('collects from the cursor, adds nothing the second time', async () => {
    const cfg = config('ok');
    const first = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich', '--json']);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    const [stream] = JSON.parse(first.stdout) as Array<{ status: string; summary: { stored: number } }>;
    expect(stream).toMatchObject({ status: 'collected', summary: { stored: 2, quarantined: 0 } });
    const second = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich']);
    expect(second.code).toBe(EXIT.ok);
    expect(second.stdout).toMatch(/1 records read, 1 events parsed, 0 quarantined, 1 duplicates, 0 stored/);
  });

  it('reports a System Log the token may not read as unknown with exit 3', async () => {
    okta.emulator.faults.set({ endpoints: [{ endpoint: 'GET /api/v1/logs', fault: '403', delayMs: 0 }] });
    try {
      const refused = await runCli(['--config', config('refused'), 'events', 'collect', '--no-enrich']);
      expect(refused.code).toBe(EXIT.failed);
      expect(refused.stdout).toMatch(/FAILED, unknown .*HTTP 403 E0000006/);
      expect(refused.stdout).toMatch(/okta\.logs\.read/);
    } finally {
      okta.emulator.faults.set({ endpoints: [] });
    }
  });
});
