import type { PlatformEmulation } from '../platform.js';
import { salesforceEmulator } from './emulator/index.js';
import { salesforceActivity } from './estate/activity.js';
import { salesforceGenerator } from './estate/generate.js';

/** Loaded on demand by the registry entry (./index.ts), never by a scan. */
export const emulation: PlatformEmulation = {
  emulator: salesforceEmulator,
  generator: salesforceGenerator,
  activity: salesforceActivity,
};
