import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { registerEventLogFileRoutes } from './event-log-files.js';
import { registerOAuthRoutes } from './oauth.js';
import { registerQueryRoutes } from './query.js';
import { registerSObjectRoutes } from './sobjects.js';
import { registerToolingRoutes } from './tooling.js';

/** Every Salesforce REST route the emulator serves, one file per resource. */
export const ROUTES: Array<(app: FastifyInstance, s: EmulatorState) => void> = [
  registerQueryRoutes,
  registerSObjectRoutes,
  registerOAuthRoutes,
  registerToolingRoutes,
  registerEventLogFileRoutes,
];
