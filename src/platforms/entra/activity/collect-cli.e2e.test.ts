import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../../emulation/estate/index.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import { runCli } from '../../../testing/cli.js';
import { type StartedEntra, startEntraEmulator } from '../emulator/index.js';
import type { EntraTenantData } from '../estate/types.js';

// Graph signIn records (the signin resource's fields), times relative to the wall clock the CLI runs on: one older
// than the 30 days Entra keeps (never asked for), two recent.
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const signIn = (id: string, ago: number) => ({
  id: `cli-${id}`,
  createdDateTime: new Date(Date.now() - ago).toISOString(),
  appId: '6131d760-7fda-4db5-8bb1-b771898e9f15',
  servicePrincipalId: '0c2b3c4d-1111-4a5b-9c8d-aaaaaaaaaaaa',
  servicePrincipalName: 'billing-sync',
  ipAddress: '198.51.100.20',
  status: { errorCode: 0 },
  resourceDisplayName: 'Microsoft Graph',
  isInteractive: false,
  signInEventTypes: ['servicePrincipal'],
});

describe('steward events collect (Entra emulator)', () => {
  let entra: StartedEntra;
  let cfg: string;

  beforeAll(async () => {
    const data = (await generateEstate({ seed: 3, size: 10, platforms: ['entra'] })).platforms.entra as EntraTenantData;
    entra = await startEntraEmulator(data, {
      auditLogs: {
        directoryAudits: [],
        signIns: [signIn('1', 40 * DAY), signIn('2', DAY), signIn('3', 10 * MINUTE)],
      },
    });
    Object.assign(process.env, entra.env);
    const dir = mkdtempSync(join(tmpdir(), 'steward-entra-collect-'));
    cfg = join(dir, 'steward.yaml');
    writeFileSync(cfg, stringify({ store: join(dir, 'steward.db'), tenants: entra.tenants }));
  }, 60_000);
  afterAll(async () => entra?.emulator.close());

  it('collects each report from its cursor, adds nothing the second time, reports a refusal with exit 3', async () => {
    const first = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich', '--json']);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    const streams = JSON.parse(first.stdout) as Array<{ stream: string; summary: { stored: number } }>;
    expect(streams.map((s) => [s.stream, s.summary.stored])).toEqual([
      ['directoryAudits', 0],
      ['signIns:servicePrincipal', 2],
      ['signIns:managedIdentity', 0],
    ]);
    const second = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich']);
    expect(second.code).toBe(EXIT.ok);
    expect(second.stdout).toMatch(/1 records read, 1 events parsed, 0 quarantined, 1 duplicates, 0 stored/);

    entra.emulator.faults.set({
      endpoints: [
        { endpoint: 'GET /auditLogs/signIns', fault: '403', delayMs: 0 },
        { endpoint: 'GET /auditLogs/directoryAudits', fault: '403', delayMs: 0 },
      ],
    });
    const refused = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich']);
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.stdout).toMatch(/GET \/beta\/auditLogs\/signIns .*FAILED, unknown .*needs AuditLog\.Read\.All/);
  });
});
