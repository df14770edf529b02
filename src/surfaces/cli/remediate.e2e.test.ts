import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../../emulation/estate/index.js';
import { type EmulatedEstate, startEmulatedEstate } from '../../emulation/start.js';
import { openStore } from '../../store/index.js';
import { runCli } from '../../testing/cli.js';
import { ed25519Pair } from '../../testing/remediation.js';
import { EXIT } from './context.js';

/**
 * The vendor-incident drill through the CLI on the emulated demo estate: list a vendor's access, plan its removal,
 * refuse apply without approval and the planner's own approval, approve with another person's signed key, apply,
 * verify, re-scan, and prove "0 remaining"; then `audit verify` passes, and fails naming a tampered row.
 */
const NOW = '2026-11-01T00:00:00Z';
const VENDOR = 'Dropbox';
let emulated: EmulatedEstate;
let dir: string;
let cfg: string;
const cli = (...args: string[]) => runCli(['--config', cfg, ...args]);

beforeAll(async () => {
  const estate = await generateEstate({ size: 120, seed: 7, platforms: ['github', 'entra'], now: NOW });
  emulated = await startEmulatedEstate(estate);
  for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
  process.env.STEWARD_NOW = NOW;
  dir = mkdtempSync(join(tmpdir(), 'steward-remediate-'));
  cfg = join(dir, 'steward.yaml');
  writeFileSync(cfg, stringify({ store: join(dir, 's.db'), tenants: emulated.tenants }));
  for (const [name, pair] of [
    ['alice', ed25519Pair()],
    ['bob', ed25519Pair()],
  ] as const) {
    writeFileSync(join(dir, `${name}.pem`), pair.privatePem);
    writeFileSync(join(dir, `${name}.pub`), pair.publicPem);
  }
  expect((await cli('scan')).code).toBe(EXIT.ok);
}, 180_000);
afterAll(async () => {
  delete process.env.STEWARD_NOW;
  await emulated?.close();
});

describe('steward incident vendor + remediate (CLI)', () => {
  it('removes 100 % of a vendor’s access and proves it by re-scan', async () => {
    for (const name of ['alice', 'bob'])
      expect(
        (await cli('approvers', 'add', name, '--public-key', join(dir, `${name}.pub`), '--as', 'admin')).code,
      ).toBe(0);

    const before = await cli('incident', 'vendor', VENDOR);
    expect(before.code).toBe(EXIT.findings);
    const held = Number(/(\d+) remaining of/.exec(before.stdout)?.[1]);
    expect(held).toBeGreaterThan(0);

    const planned = await cli(
      'incident',
      'vendor',
      VENDOR,
      '--plan',
      '--force',
      '--reason',
      'vendor breach',
      '--as',
      'alice',
    );
    expect(planned.code).toBe(0);
    const planId = /plan (plan-[0-9a-f]+):/.exec(planned.stdout)?.[1] as string;
    expect(planned.stdout).toContain(`${held} item(s)`);

    expect((await cli('remediate', 'apply', planId)).code).toBe(EXIT.refused);
    const self = await cli('remediate', 'approve', planId, '--key', join(dir, 'alice.pem'));
    expect(self.code).toBe(EXIT.refused);
    expect(self.stderr).toMatch(/alice made plan .* cannot approve it/);
    expect((await cli('remediate', 'approve', planId, '--key', join(dir, 'bob.pem'))).code).toBe(0);

    const applied = await cli('remediate', 'apply', planId, '--as', 'carol');
    expect(applied.code).toBe(0);
    expect(applied.stdout.match(/\bdone\b/g)).toHaveLength(held);
    expect((await cli('remediate', 'verify', planId)).stdout.match(/\bverified\b/g)).toHaveLength(held);

    expect((await cli('scan')).code).toBe(EXIT.ok);
    const after = await cli('incident', 'vendor', VENDOR);
    expect(after.code).toBe(EXIT.ok);
    expect(after.stdout).toContain(`"${VENDOR}": 0 remaining`);
  }, 180_000);

  it('says what it cannot remove and why', async () => {
    const r = await cli('incident', 'vendor', 'ossf');
    expect(r.code).toBe(EXIT.findings);
    expect(r.stdout).toMatch(/remaining: github:\S+ installation "allstar-policy": enabled; Steward has no action/);
  });

  it('audit verify checks the chain and names a tampered row', async () => {
    const ok = await cli('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ rows/);
    const store = await openStore(join(dir, 's.db'));
    try {
      await sql`update audit_log set actor_name = 'mallory' where seq = 4`.execute(store.db);
    } finally {
      await store.close();
    }
    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(EXIT.refused);
    expect(broken.stdout).toMatch(/BROKEN at row 4 .*hash does not match/);
  });
});
