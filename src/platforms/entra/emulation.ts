import type { PlatformEmulation } from '../platform.js';
import { entraEmulator } from './emulator/index.js';
import { entraActivity } from './estate/activity.js';
import { entraGenerator } from './estate/index.js';

/** Loaded on demand by the registry entry (./index.ts), never by a scan. */
export const emulation: PlatformEmulation = {
  emulator: entraEmulator,
  generator: entraGenerator,
  activity: entraActivity,
};
