import type { PlatformEmulation } from '../platform.js';
import { awsEmulatorPlugin } from './emulator/index.js';
import { awsActivity } from './estate/activity.js';
import { awsGenerator } from './estate/index.js';

/** Loaded on demand by the registry entry (./index.ts), never by a scan. */
export const emulation: PlatformEmulation = {
  emulator: awsEmulatorPlugin,
  generator: awsGenerator,
  activity: awsActivity,
};
