import type { PlatformEmulation } from '../platform.js';
import { googleEmulator } from './emulator/index.js';
import { googleActivity } from './estate/activity.js';
import { googleGenerator } from './estate/generate.js';

/** Loaded on demand by the registry entry (./index.ts), never by a scan. */
export const emulation: PlatformEmulation = {
  emulator: googleEmulator,
  generator: googleGenerator,
  activity: googleActivity,
};
