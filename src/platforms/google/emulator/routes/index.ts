import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { registerActivityRoutes } from './activities.js';
import { registerCloudRoutes } from './cloud.js';
import { registerTokenRoutes } from './tokens.js';
import { registerUserRoutes } from './users.js';

/** Every Google API route the emulator serves, one file per resource (Cloud: ./cloud.ts, the GCP part). */
export const ROUTES: Array<(app: FastifyInstance, s: EmulatorState) => void> = [
  registerUserRoutes,
  registerTokenRoutes,
  registerActivityRoutes,
  registerCloudRoutes,
];
