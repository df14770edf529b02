import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT } from './context.js';
import { BUILTIN_RULES } from '../../platforms/registry.js';
import { generateEstate } from '../../emulation/estate/index.js';
import { startEmulatedEstate, type EmulatedEstate } from '../../emulation/start.js';
import { runCli } from '../../testing/cli.js';

/** `steward scan` against emulated tenants: the CI gate, SARIF on stdout, and a failing tenant among good ones. */
const estate = await generateEstate({
  size: 150,
  seed: 11,
  platforms: ['github', 'aws'],
  now: new Date().toISOString(),
});

describe('steward scan', () => {
  let emulated: EmulatedEstate;
  let dir: string;

  beforeAll(async () => {
    emulated = await startEmulatedEstate(estate);
    for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
    dir = mkdtempSync(join(tmpdir(), 'steward-scan-'));
  });
  afterAll(async () => emulated?.close());

  it('--fail-on high exits 1 and --format sarif prints a SARIF log of the open findings', async () => {
    const cfg = join(dir, 'steward.yaml');
    writeFileSync(cfg, stringify({ store: join(dir, 'a.db'), tenants: emulated.tenants }));
    const r = await runCli(['--config', cfg, 'scan', '--fail-on', 'high', '--format', 'sarif']);
    expect(r.code).toBe(EXIT.findings);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{ results: Array<{ ruleId: string }>; tool: { driver: { rules: unknown[] } } }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(BUILTIN_RULES.length);
    const planted = new Set(estate.labels.identities.flatMap((l) => l.risks));
    const reported = new Set(sarif.runs[0].results.map((x) => x.ruleId));
    for (const risk of planted) expect(reported.has(risk), risk).toBe(true);
  });

  it('exits 3 when one tenant fails, after storing what the others found', async () => {
    const cfg = join(dir, 'partial.yaml');
    const tenants = emulated.tenants.map((t) =>
      t.platform === 'github' ? { ...t, options: { ...t.options, token: { env: 'STEWARD_WRONG_TOKEN' } } } : t,
    );
    process.env.STEWARD_WRONG_TOKEN = 'ghp_wrongwrongwrongwrongwrongwrongwrong1';
    writeFileSync(cfg, stringify({ store: join(dir, 'b.db'), tenants }));
    const r = await runCli(['--config', cfg, 'scan']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stderr).toMatch(/github:acme-corp: failed/);
    expect(r.stderr).not.toContain('ghp_wrongwrong');
    const inv = await runCli(['--config', cfg, 'inventory', '--format', 'json']);
    const platforms = new Set((JSON.parse(inv.stdout) as Array<{ platform: string }>).map((x) => x.platform));
    expect([...platforms]).toEqual(['aws']);
  });
});
