import type { PlatformEmulation } from '../platform.js';
import { oktaEmulator } from './emulator/index.js';
import { oktaActivity } from './estate/activity.js';
import { oktaGenerator } from './estate/generate.js';

/** Loaded on demand by the registry entry (./index.ts), never by a scan. */
export const emulation: PlatformEmulation = {
  emulator: oktaEmulator,
  generator: oktaGenerator,
  activity: oktaActivity,
};
