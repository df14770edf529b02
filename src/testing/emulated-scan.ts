import { connectorFor } from '../platforms/registry.js';
import { runSync, type TenantJob } from '../sync/engine.js';
import type { Estate } from '../emulation/estate/index.js';
import { type EstateEmulationOptions, startEmulatedEstate } from '../emulation/start.js';
import { fixedClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import type { PlatformId } from '../model/index.js';
import type { Store } from '../store/index.js';

/**
 * Serves an estate through every registered emulator and scans it into `store` through the real connectors, as a
 * user's scan would: the route estate-level tests take so their expectations come only from the labels. With
 * `emulation.activity`, the emulators serve the planted activity too, as `steward emulate` does.
 * Throws if no platform can run or any tenant scan fails. Returns the platforms scanned; emulators are closed.
 */
export async function scanEmulatedEstate(
  estate: Estate,
  store: Store,
  emulation: EstateEmulationOptions = {},
): Promise<PlatformId[]> {
  const emulated = await startEmulatedEstate(estate, emulation);
  try {
    const jobs: TenantJob[] = emulated.tenants
      .filter((t) => connectorFor(t.platform))
      .map((t) => ({ platform: t.platform, tenant: t.tenant, options: t.options }));
    if (jobs.length === 0)
      throw new Error('no platform of this estate has both an emulator and a connector registered');
    for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
    const runs = await runSync(jobs, {
      store,
      connectors: connectorFor,
      clock: fixedClock(estate.now),
      log: silentLogger,
    });
    const failed = runs.filter((r) => r.status !== 'succeeded');
    if (failed.length)
      throw new Error(
        `scans failed: ${failed.map((r) => `${r.platform}:${r.tenant}: ${r.errors.join('; ')}`).join(' | ')}`,
      );
    return [...new Set(jobs.map((j) => j.platform))];
  } finally {
    await emulated.close();
  }
}
