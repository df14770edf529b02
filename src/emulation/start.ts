import type { Estate } from './estate/index.js';
import type { FaultInput } from './kit/index.js';
import { loadEmulations } from '../platforms/registry.js';
import type { EmulatorPlugin, EmulatorStartOptions, StartedPlatform } from './emulator.js';
import type { ActivityGenerator, PlantedActivity } from './estate/activity.js';
import type { PlatformId } from '../model/index.js';

export interface EmulatedEstate {
  started: StartedPlatform[];
  tenants: StartedPlatform['tenants'];
  env: Record<string, string>;
  close(): Promise<void>;
}

/** What every emulator of an estate is started with: injected faults, and whether to serve planted activity. */
export interface EstateEmulationOptions {
  faults?: FaultInput;
  activity?: boolean;
}

/**
 * Starts the emulator of every platform present in the estate, in this process (used by the demo and tests, which
 * reach into a running emulator; `steward emulate` starts each in its own thread: `startEmulatorThreads`). With
 * `activity`, each platform's planted activity (PlatformEmulation.activity) is generated and handed to its emulator,
 * which serves it on its activity endpoint (`steward events collect` reads it there); the estate and its labels are
 * only read.
 */
export async function startEmulatedEstate(
  estate: Estate,
  options: EstateEmulationOptions = {},
): Promise<EmulatedEstate> {
  const started: StartedPlatform[] = [];
  try {
    for (const { plugin, data, start } of await emulatorStarts(estate, options))
      started.push(await plugin.start(data, start));
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

/**
 * Each emulator the estate needs, with its part of the estate and what it starts with: the faults, and its planted
 * activity (generated only for an emulator that serves some of it). Both starters (here and threads.ts) use this.
 */
export async function emulatorStarts(estate: Estate, options: EstateEmulationOptions) {
  const starts: Array<{ plugin: EmulatorPlugin; data: unknown; start: EmulatorStartOptions }> = [];
  for (const emulation of await loadEmulations(Object.keys(estate.platforms))) {
    const plugin = emulation.emulator;
    const data = estate.platforms[plugin.platform];
    if (data === undefined) continue;
    const serves = options.activity && Boolean(plugin.activityFormats?.length);
    const activity = serves ? plantedActivity(estate, plugin.platform, emulation.activity) : undefined;
    starts.push({ plugin, data, start: { faults: options.faults, activity } });
  }
  return starts;
}

/** One platform's planted logs, as the demo imports them (its labels only, the estate's "now"). */
function plantedActivity(
  estate: Estate,
  platform: PlatformId,
  generate: ActivityGenerator | undefined,
): readonly PlantedActivity[] {
  const labels = estate.labels.identities.filter((l) => l.platform === platform);
  return [generate?.(estate.platforms[platform], labels, new Date(estate.now)) ?? []].flat();
}
