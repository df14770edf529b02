import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../../emulation/estate/index.js';
import { EXIT } from '../../../surfaces/cli/context.js';
import { runCli } from '../../../testing/cli.js';
import { startSalesforceEmulator } from '../emulator/index.js';
import type { SalesforceEstateData } from '../estate/types.js';

// Daily API log files (EventLogFile CSV), LogDates relative to the wall clock the CLI runs on: one older than Event
// Monitoring's 30 days (never asked for), two recent with a row each.
const DAY = 24 * 60 * 60_000;
const file = (id: string, daysAgo: number) => {
  const day = Math.floor((Date.now() - daysAgo * DAY) / DAY) * DAY;
  const at = new Date(day + 3_600_000);
  return {
    Id: `0AT0000000000${id}`,
    EventType: 'API',
    LogDate: new Date(day).toISOString().replace('Z', '+0000'),
    Interval: 'Daily' as const,
    csv: `"EVENT_TYPE","TIMESTAMP_DERIVED","REQUEST_ID","ORGANIZATION_ID","USER_ID","METHOD_NAME"\n"API","${at.toISOString()}","cli-${id}","00D000000000001","005000000000001","query"\n`,
  };
};

describe('steward events collect (Salesforce emulator)', () => {
  let monitored: Awaited<ReturnType<typeof startSalesforceEmulator>>;
  let bare: Awaited<ReturnType<typeof startSalesforceEmulator>>;
  let dir: string;
  const config = (server: typeof monitored, name: string) => {
    const cfg = join(dir, `${name}.yaml`);
    Object.assign(process.env, server.env);
    writeFileSync(cfg, stringify({ store: join(dir, `${name}.db`), tenants: server.tenants }));
    return cfg;
  };

  beforeAll(async () => {
    const data = (await generateEstate({ seed: 3, size: 10, platforms: ['salesforce'] })).platforms
      .salesforce as SalesforceEstateData;
    monitored = await startSalesforceEmulator(data, { eventLogFiles: [file('1', 40), file('2', 2), file('3', 1)] });
    bare = await startSalesforceEmulator(data);
    dir = mkdtempSync(join(tmpdir(), 'steward-sf-collect-'));
  }, 60_000);
  afterAll(async () => {
    await monitored?.emulator.close();
    await bare?.emulator.close();
  });

  it('collects from the cursor, adds nothing the second time', async () => {
    const cfg = config(monitored, 'monitored');
    const first = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich', '--json']);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    const [stream] = JSON.parse(first.stdout) as Array<{ status: string; summary: { stored: number } }>;
    expect(stream).toMatchObject({ status: 'collected', summary: { stored: 2, quarantined: 0 } });
    const second = await runCli(['--config', cfg, 'events', 'collect', '--no-enrich']);
    expect(second.code).toBe(EXIT.ok);
    expect(second.stdout).toMatch(/2 records read, 2 events parsed, 0 quarantined, 2 duplicates, 0 stored/);
  });

  it('reports an org without Event Monitoring as unknown with exit 3', async () => {
    const refused = await runCli(['--config', config(bare, 'bare'), 'events', 'collect', '--no-enrich']);
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.stdout).toMatch(/FAILED, unknown .*EventLogFile is not queryable: the org needs Event Monitoring/);
  });
});
