import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Estate, generateEstate } from '../../emulation/estate/index.js';
import { type EmulatedEstate, startEmulatedEstate } from '../../emulation/start.js';
import { runCli } from '../../testing/cli.js';
import { EXIT } from './context.js';

/**
 * `steward review` through the CLI on the emulated demo estate: start (the fallback reviewer required for orphans),
 * attest as the assignee (another person refused), remind, close into a remediation plan, report as CSV and HTML.
 * Who owns what comes from the estate's labels.
 */
const NOW = '2026-11-01T00:00:00Z';
let estate: Estate;
let emulated: EmulatedEstate;
let dir: string;
let cfg: string;
const cli = (...args: string[]) => runCli(['--config', cfg, ...args]);

beforeAll(async () => {
  estate = await generateEstate({ size: 120, seed: 7, platforms: ['entra'], now: NOW });
  emulated = await startEmulatedEstate(estate);
  for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
  process.env.STEWARD_NOW = NOW;
  dir = mkdtempSync(join(tmpdir(), 'steward-review-'));
  cfg = join(dir, 'steward.yaml');
  writeFileSync(cfg, stringify({ store: join(dir, 's.db'), tenants: emulated.tenants }));
  expect((await cli('scan')).code).toBe(EXIT.ok);
}, 180_000);
afterAll(async () => {
  delete process.env.STEWARD_NOW;
  await emulated?.close();
});

describe('steward review (CLI)', () => {
  it('runs a campaign from start to report', async () => {
    const active = new Set(estate.labels.people.filter((p) => p.status === 'active').map((p) => p.email.toLowerCase()));
    const owned = estate.labels.identities.find(
      (l) => l.id.includes(':servicePrincipal:') && l.owner?.email && active.has(l.owner.email.toLowerCase()),
    );
    if (!owned?.owner?.email) throw new Error('the estate has no Entra service principal with a current owner');
    const owner = owned.owner.email.toLowerCase();

    const bad = await cli('review', 'start', '--name', 'Q4', '--platform', 'entra', '--deadline', 'soon');
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('--deadline soon');
    const noFallback = await cli('review', 'start', '--name', 'Q4', '--platform', 'entra', '--deadline', '14d');
    expect(noFallback.code).toBe(EXIT.usage);
    expect(noFallback.stderr).toMatch(/no current owner: name who reviews them with --fallback-reviewer/);
    const started = await cli(
      'review',
      'start',
      '--name',
      'Q4',
      '--platform',
      'entra',
      '--deadline',
      '14d',
      '--fallback-reviewer',
      'sec@example.test',
      '--as',
      'alice',
    );
    expect(started.code).toBe(0);
    const labelled = estate.labels.identities.filter((l) => l.platform === 'entra').length;
    expect(started.stdout).toContain(`${labelled} task(s)`);

    const mine = await cli('review', 'tasks', 'Q4', '--assignee', owner, '--format', 'json');
    expect((JSON.parse(mine.stdout) as Array<{ identityId: string }>).map((t) => t.identityId)).toContain(owned.id);

    const other = await cli('review', 'attest', 'Q4', owned.id, 'revoke', '--as', 'mallory@example.test');
    expect(other.code).toBe(EXIT.refused);
    const ok = await cli('review', 'attest', 'Q4', owned.id, 'revoke', '--reason', 'unused', '--as', owner);
    expect(ok.code).toBe(0);

    const reminded = await cli('review', 'remind', 'Q4', '--within', '14', '--dry-run', '--format', 'json');
    expect((JSON.parse(reminded.stdout) as Array<{ kind: string }>).every((n) => n.kind === 'review-task')).toBe(true);

    const closed = await cli('review', 'close', 'Q4', '--as', 'carol');
    expect(closed.code).toBe(0);
    const planId = /plan (plan-[0-9a-f]+)/.exec(closed.stdout)?.[1] as string;
    expect(planId).toBeTruthy();
    const plan = await cli('remediate', 'show', planId, '--format', 'json');
    expect(plan.stdout).toContain(owned.id);
    expect((await cli('remediate', 'apply', planId)).code).toBe(EXIT.refused);

    const csv = await cli('review', 'report', 'Q4', '--format', 'csv');
    const row = csv.stdout.split('\n').find((l) => l.startsWith(owned.id));
    expect(row).toContain(`revoke,,unused,${owner},${NOW.replace('Z', '.000Z')}`);
    const html = join(dir, 'q4.html');
    expect((await cli('review', 'report', 'Q4', '--format', 'html', '--output', html)).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<h1>Access review Q4</h1>');
  }, 120_000);

  it('starts a rotation campaign over the labelled old and expiring credentials and reports its status', async () => {
    const now = Date.parse(NOW);
    const want = estate.labels.identities
      .flatMap((l) => l.credentials)
      .filter(
        (c) =>
          c.enabled &&
          ((c.createdAt && now - Date.parse(c.createdAt) > 90 * 86_400_000) ||
            (c.expiresAt && Date.parse(c.expiresAt) - now <= 30 * 86_400_000)),
      ).length;
    const bad = await cli('rotation', 'campaign', '--older-than', 'ninety');
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('--older-than ninety: expected a number of days');
    const started = await cli('rotation', 'campaign', '--name', 'R', '--older-than', '90d', '--expiring-within', '30d');
    expect(started.code).toBe(0);
    expect(started.stdout).toContain(`: ${want} credential(s)`);
    const status = await cli('rotation', 'status', 'R');
    expect(status.stdout).toContain(`0 done, ${want} open, 0 unknown of ${want}`);
    expect((await cli('rotation', 'list')).stdout).toContain(`0/${want} at the last status`);
  }, 60_000);

  it('turns the rotation campaign into plans: a rotation for each app client secret (Graph addPassword), approval pending', async () => {
    const now = Date.parse(NOW);
    // Microsoft Graph rotates an application's client secret (addPassword, then removePassword); certificates and
    // secrets set on a service principal have no rotation in Steward.
    const secrets = estate.labels.identities
      .filter((l) => l.id.includes(':application:'))
      .flatMap((l) => l.credentials)
      .filter(
        (c) =>
          c.enabled &&
          c.type === 'client_secret' &&
          ((c.createdAt && now - Date.parse(c.createdAt) > 90 * 86_400_000) ||
            (c.expiresAt && Date.parse(c.expiresAt) - now <= 30 * 86_400_000)),
      ).length;
    expect(secrets).toBeGreaterThan(0);
    const refused = await cli('rotation', 'plan', 'R');
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain('entra.application-password.rotate rotates a secret: name the file');
    expect((await cli('remediate', 'list')).stdout).not.toContain('rotation campaign');
    const planned = await cli(
      'rotation',
      'plan',
      'R',
      '--deliver-to',
      join(dir, 'secret'),
      '--grace',
      '3',
      '--as',
      'alice',
    );
    expect(planned.code).toBe(0);
    const rotations = [...planned.stdout.matchAll(/item\(s\), (\d+) rotation\(s\)/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    expect(rotations).toBe(secrets);
    expect(planned.stdout).toContain('next: another person runs `steward remediate approve');
    const status = await cli('rotation', 'status', 'R');
    expect(status.stdout.split('entra.application-password.rotate (planned)').length - 1).toBe(secrets);
  }, 60_000);
});
