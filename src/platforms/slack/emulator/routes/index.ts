import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { registerAppResolutionRoutes } from './app-resolutions.js';
import { registerAppRoutes } from './apps.js';
import { registerAuditLogRoutes } from './audit-logs.js';
import { registerAuthRoutes } from './auth.js';
import { registerIntegrationLogRoutes } from './integration-logs.js';
import { registerUserRoutes } from './users.js';

/** Every Slack Web API method the emulator serves, one file per resource. */
export const ROUTES: Array<(app: FastifyInstance, s: EmulatorState) => void> = [
  registerAuthRoutes,
  registerUserRoutes,
  registerAppRoutes,
  registerAppResolutionRoutes,
  registerIntegrationLogRoutes,
  registerAuditLogRoutes,
];
