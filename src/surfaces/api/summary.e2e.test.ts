import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OwnershipSummary } from '../../analysis/ownership/index.js';
import { StewardConfig } from '../../config/schema.js';
import { systemClock } from '../../lib/clock.js';
import { ANALYSIS_CATALOGUE } from '../../platforms/registry.js';
import { openStore, type Store } from '../../store/index.js';
import { runCli } from '../../testing/cli.js';
import { platformInfo } from '../cli/commands/serve.js';
import { mintToken } from './auth.js';
import { buildServer } from './server.js';

/** On the demo estate, GET /summary says what `owners stats` and `findings` say (one definition, same functions). */
const dir = mkdtempSync(join(tmpdir(), 'steward-api-summary-'));
const location = join(dir, 'demo.db');
let stats: OwnershipSummary;
let findings: Array<{ severity: string; identityId: string }>;
let store: Store;
let app: FastifyInstance;
let token: string;

beforeAll(async () => {
  const demo = await runCli(['--store', location, 'demo', '--size', '120', '--seed', '5']);
  if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  stats = JSON.parse((await runCli(['--store', location, 'owners', 'stats', '--format', 'json'])).stdout);
  findings = JSON.parse((await runCli(['--store', location, 'findings', '--format', 'json'])).stdout);
  store = await openStore(location);
  token = (await mintToken(store.db, { name: 't', role: 'viewer', createdBy: 'test', now: new Date().toISOString() }))
    .token;
  const config = StewardConfig.parse({});
  app = await buildServer({
    store,
    config,
    catalogue: ANALYSIS_CATALOGUE,
    clock: systemClock,
    platforms: platformInfo(),
  });
}, 240_000);
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const get = async (url: string) =>
  JSON.parse((await app.inject({ url, headers: { authorization: `Bearer ${token}` } })).body);

describe('summary on the demo estate', () => {
  it('has the figures of `owners stats`', async () => {
    const s = await get('/api/v1/summary');
    expect(stats.overall.identities).toBeGreaterThan(50);
    expect(stats.overall.orphans).toBeGreaterThan(0);
    expect({
      identities: s.identities,
      people: s.people,
      owned: s.owned,
      orphaned: s.orphaned,
      unverified: s.unverified,
      ownerDeparted: s.ownerDeparted,
      nhiPerPerson: s.nhiPerPerson,
    }).toEqual({
      identities: stats.overall.identities,
      people: stats.overall.activePeople,
      owned: stats.overall.owned,
      orphaned: stats.overall.orphans,
      unverified: stats.overall.ownerUnverified,
      ownerDeparted: stats.overall.ownerDeparted,
      nhiPerPerson: stats.overall.nhiPerPerson,
    });
  });

  it('counts open findings per severity as `steward findings` lists them, and ranks critical ones first', async () => {
    const s = await get('/api/v1/summary');
    for (const severity of ['critical', 'high', 'medium', 'low', 'info'])
      expect({ severity, n: s.openFindingsBySeverity[severity] }).toEqual({
        severity,
        n: findings.filter((f) => f.severity === severity).length,
      });
    const critical = new Set(findings.filter((f) => f.severity === 'critical').map((f) => f.identityId));
    expect(critical.size).toBeGreaterThan(0);
    const top = s.fixFirst.slice(0, Math.min(critical.size, 10)).map((r: { id: string }) => r.id);
    expect(top.every((id: string) => critical.has(id))).toBe(true);
  });

  it('pages the whole inventory once with a cursor, the same identities `owners stats` counts', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = await get(`/api/v1/identities?limit=37${cursor ? `&cursor=${cursor}` : ''}`);
      for (const i of page.items) seen.add(i.id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(stats.overall.identities);
    const platforms = (await get('/api/v1/platforms')).items.map((p: { id: string }) => p.id);
    const byPlatform = (await get('/api/v1/summary')).byPlatform.map((p: { platform: string }) => p.platform);
    expect(byPlatform.every((p: string) => platforms.includes(p))).toBe(true);
  });
});
