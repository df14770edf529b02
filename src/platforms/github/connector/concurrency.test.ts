import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate, type Estate } from '../../../emulation/estate/index.js';
import type { GitHubEstateData } from '../estate/types.js';
import { startGitHubEmulator } from '../emulator/index.js';
import { createLogger } from '../../../lib/logger.js';
import { openTestStore } from '../../../testing/store.js';
import { connectorFor } from '../../registry.js';
import { runSync } from '../../../sync/engine.js';

/**
 * Requests in flight: Octokit's throttling plugin allowed 10 (and ~400 requests/s), which left a large org's per-repository
 * calls latency-bound. The emulator counts how many requests it was answering at once, so the limit is observable.
 */
let estate: Estate;
let emulator: Awaited<ReturnType<typeof startGitHubEmulator>>;

beforeAll(async () => {
  estate = await generateEstate({ platforms: ['github'], size: 400, seed: 7 });
  emulator = await startGitHubEmulator(estate.platforms.github as GitHubEstateData);
  Object.assign(process.env, emulator.env);
});
afterAll(async () => {
  await emulator.emulator.close();
});

async function peakWith(options: Record<string, unknown>): Promise<{ peak: number; identities: number }> {
  const store = await openTestStore('sqlite');
  try {
    // Slow answers make the scan latency-bound (in flight = rate × latency), so the limit, not CPU, sets the peak.
    emulator.emulator.faults.set({ latencyMs: 250 });
    const [run] = await runSync(
      [
        {
          platform: 'github',
          tenant: emulator.tenants[0].tenant,
          options: { ...emulator.tenants[0].options, ...options },
        },
      ],
      {
        store,
        connectors: connectorFor,
        log: createLogger({ level: 'error' }),
      },
    );
    expect(run.status).toBe('succeeded');
    return { peak: emulator.emulator.peakInFlight(), identities: run.counts.identities };
  } finally {
    emulator.emulator.faults.reset();
    await store.close();
  }
}

describe('GitHub connector request concurrency', () => {
  it('keeps up to maxConcurrentRequests requests in flight, and never more', async () => {
    const { peak, identities } = await peakWith({ maxConcurrentRequests: 24, repoConcurrency: 16 });
    expect(identities).toBe(estate.labels.identities.filter((l) => l.platform === 'github').length);
    expect(peak).toBeGreaterThan(10); // above the old throttling plugin's 10
    expect(peak).toBeLessThanOrEqual(24);
  });
});
