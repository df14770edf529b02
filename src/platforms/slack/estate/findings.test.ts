import { describe, expect, it } from 'vitest';
import { listFindings } from '../../../analysis/risk/index.js';
import { ANALYSIS_STEPS } from '../../../analysis/steps.js';
import { StewardConfig } from '../../../config/schema.js';
import { generateEstate } from '../../../emulation/estate/index.js';
import { fixedClock } from '../../../lib/clock.js';
import { createLogger } from '../../../lib/logger.js';
import { scanEmulatedEstate } from '../../../testing/emulated-scan.js';
import { importEstateHr } from '../../../testing/hr-export.js';
import { openTestStore } from '../../../testing/store.js';
import { ANALYSIS_CATALOGUE } from '../../registry.js';

/**
 * The Slack part of the risk estate test, on its own: a generated org scanned through the emulator and the connector,
 * the whole analysis run, and the open findings compared with the labels — exact agreement, both ways.
 */
describe('Slack findings on a generated org', () => {
  it.each([7, 2024])(
    'seed %i: every planted risk found, nothing else',
    async (seed) => {
      const estate = await generateEstate({ platforms: ['slack'], seed, size: 600 });
      const store = await openTestStore('sqlite');
      try {
        expect(await scanEmulatedEstate(estate, store)).toEqual(['slack']);
        await importEstateHr(store, estate);
        const ctx = {
          store,
          config: StewardConfig.parse({}),
          clock: fixedClock(estate.now),
          log: createLogger({ write: () => {} }),
        };
        for (const step of ANALYSIS_STEPS) await step.run({ ...ctx, catalogue: ANALYSIS_CATALOGUE });
        const found = new Set(
          (await listFindings(store, { statuses: ['open', 'reopened'] })).map((f) => `${f.ruleId} × ${f.identityId}`),
        );
        const planted = new Set(estate.labels.identities.flatMap((l) => l.risks.map((r) => `${r} × ${l.id}`)));
        expect(planted.size).toBeGreaterThan(50);
        expect(
          [...planted].filter((k) => !found.has(k)),
          'planted but not found',
        ).toEqual([]);
        expect(
          [...found].filter((k) => !planted.has(k)),
          'found but not planted',
        ).toEqual([]);
      } finally {
        await store.close();
      }
    },
    120_000,
  );
});
