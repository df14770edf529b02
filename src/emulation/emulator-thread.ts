import { filterThreadWarnings, serveTasks } from '../lib/worker-thread.js';
import { loadEmulations } from '../platforms/registry.js';
import type { PlatformId } from '../model/index.js';
import type { PlantedActivity } from './estate/activity.js';
import type { FaultInput, RunningEmulator } from './kit/index.js';
import type { StartedPlatform } from './emulator.js';

/** What `startEmulatorThreads` hands one platform's thread (structured-cloneable). */
export interface EmulatorThreadInit {
  platform: PlatformId;
  data: unknown;
  faults?: FaultInput;
  activity?: readonly PlantedActivity[];
}

/** What the thread answers once its emulator listens. */
export type EmulatorThreadReady = Pick<StartedPlatform, 'tenants' | 'env'> & { name: string; url: string };

let running: RunningEmulator | null = null;

filterThreadWarnings();
serveTasks<EmulatorThreadInit>(
  async (_task, init): Promise<EmulatorThreadReady> => {
    const [emulation] = await loadEmulations([init.platform]);
    const started = await emulation.emulator.start(init.data, { faults: init.faults, activity: init.activity });
    running = started.emulator;
    return { name: started.emulator.name, url: started.emulator.url, tenants: started.tenants, env: started.env };
  },
  async () => {
    await running?.close();
  },
);
