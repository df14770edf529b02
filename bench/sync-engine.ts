/**
 * `tsx bench/sync-engine.ts [count] [sqlite|postgres-url]`: the sync engine + store alone, without HTTP — a synthetic
 * connector emits `count` identities shaped like real ones (2 credentials, 3 permissions, an owner claim). Isolates
 * validation + batched writes + scoped cleanup from the vendor SDKs, so a slow full scan can be attributed.
 * Runs a full run, then a second full run over the same records (upsert path + cleanup of nothing).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOne } from '../src/sync/engine.js';
import type { AnyConnector } from '../src/sync/connector.js';
import { type IdentityInput, nativeTypeFacts } from '../src/model/index.js';
import { openStore } from '../src/store/index.js';
import { z } from 'zod';

/** What `identity(n)` puts in attributes: the engine validates every record against it, as for a real connector. */
const syntheticFacts = {
  deploy_key: nativeTypeFacts({ identity: { repository: z.string(), readOnly: z.boolean(), verified: z.boolean() } }),
};

function identity(n: number): IdentityInput {
  const id = `github:bench:deploy_key:${n}`;
  const created = new Date(Date.UTC(2024, 0, 1) + (n % 1000) * 86_400_000).toISOString();
  return {
    id,
    platform: 'github',
    tenant: 'bench',
    kind: 'deploy_key',
    nativeType: 'deploy_key',
    nativeId: String(n),
    name: `deploy-key-${n}`,
    createdAt: created,
    createdBy: `user${n % 5000}`,
    lastUsedAt: n % 3 ? created : null,
    lastUsedSource: 'deploy_key.last_used',
    attributes: { repository: `bench/repo-${Math.floor(n / 10)}`, readOnly: n % 2 === 0, verified: true },
    credentials: [
      {
        id: `${id}#ssh_key`,
        type: 'ssh_key',
        name: `k${n}`,
        createdAt: created,
        fingerprint: `SHA256:${n.toString(36).padStart(43, 'x')}`,
        attributes: { supportsExpiry: false },
      },
      {
        id: `${id}#token`,
        type: 'token',
        name: `t${n}`,
        createdAt: created,
        expiresAt: null,
        attributes: { supportsExpiry: true },
      },
    ],
    permissions: [
      {
        nativeName: 'contents:write',
        resource: `bench/repo-${Math.floor(n / 10)}`,
        access: 'write',
        sensitivity: 'high',
        source: 'deploy_key.read_only',
      },
      {
        nativeName: 'metadata:read',
        resource: `bench/repo-${Math.floor(n / 10)}`,
        access: 'read',
        sensitivity: 'low',
        source: 'deploy_key.read_only',
      },
      {
        nativeName: 'pull_requests:write',
        resource: '*',
        access: 'write',
        sensitivity: 'medium',
        source: 'installation.permissions',
      },
    ],
    ownerClaims: [
      { ref: `user${n % 5000}`, refType: 'login', source: 'creator', confidence: 0.8, evidence: 'deploy key added_by' },
    ],
  };
}

async function main() {
  const count = Number.parseInt(process.argv[2] ?? '100000', 10);
  const location =
    process.argv[3] && process.argv[3] !== 'sqlite'
      ? process.argv[3]
      : join(mkdtempSync(join(tmpdir(), 'steward-sync-bench-')), 'bench.db');
  const connector: AnyConnector = {
    platform: 'github',
    title: 'synthetic',
    facts: syntheticFacts,
    optionsSchema: z.object({}).passthrough(),
    sources: [
      {
        id: 'keys',
        title: 'deploy keys',
        endpoints: ['GET /keys'],
        permission: '-',
        required: true,
        lists: ['deploy_key'],
      },
    ],
    secretFields: [],
    async scan(ctx) {
      await ctx.sources.read('keys', async () => {
        for (let n = 0; n < count; n++) {
          const record = identity(n);
          await ctx.sources.emit('keys', record, () => record);
        }
      });
      return { mode: 'full' };
    },
  };
  const store = await openStore(location);
  try {
    for (const label of ['first', 'second']) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const run = await runOne(
        { platform: 'github', tenant: 'bench', options: {} },
        { store, connectors: () => connector },
      );
      const cpu = process.cpuUsage(cpu0);
      const s = (performance.now() - t0) / 1000;
      process.stdout.write(
        `${store.engine} ${label} run: ${run.status} ${run.counts.identities} identities in ${s.toFixed(1)} s (${Math.round(run.counts.identities / s)}/s), CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB, removed ${run.counts.removed}${run.errors.length ? ` ${run.errors.join('; ')}` : ''}\n`,
      );
    }
  } finally {
    await store.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
