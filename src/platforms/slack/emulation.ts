import type { PlatformEmulation } from '../platform.js';
import { slackEmulator } from './emulator/index.js';
import { slackActivity } from './estate/activity.js';
import { slackGenerator } from './estate/generate.js';

/** Loaded on demand by the registry entry (./index.ts), never by a scan. */
export const emulation: PlatformEmulation = {
  emulator: slackEmulator,
  generator: slackGenerator,
  activity: slackActivity,
};
