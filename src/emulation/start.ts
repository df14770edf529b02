import type { Estate } from './estate/index.js';
import type { FaultInput } from './kit/index.js';
import { loadEmulations } from '../platforms/registry.js';
import type { StartedPlatform } from './emulator.js';

export interface EmulatedEstate {
  started: StartedPlatform[];
  tenants: StartedPlatform['tenants'];
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the emulator of every platform present in the estate (used by demo, `steward emulate`, tests, bench). */
export async function startEmulatedEstate(
  estate: Estate,
  options: { faults?: FaultInput } = {},
): Promise<EmulatedEstate> {
  const started: StartedPlatform[] = [];
  try {
    for (const { emulator: plugin } of await loadEmulations(Object.keys(estate.platforms))) {
      const data = estate.platforms[plugin.platform];
      if (data === undefined) continue;
      started.push(await plugin.start(data, { faults: options.faults }));
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.emulator.close()));
    throw error;
  }
  return {
    started,
    tenants: started.flatMap((s) => s.tenants),
    env: Object.assign({}, ...started.map((s) => s.env)),
    close: async () => {
      await Promise.all(started.map((s) => s.emulator.close()));
    },
  };
}
