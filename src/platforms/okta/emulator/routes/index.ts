import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { registerApiServiceRoutes } from './api-services.js';
import { registerApiTokenRoutes } from './api-tokens.js';
import { registerAppCredentialRoutes } from './app-credentials.js';
import { registerAppSecretWrites } from './app-secret-writes.js';
import { registerAppRoutes } from './apps.js';
import { registerAuthorizationServerRoutes } from './authorization-servers.js';
import { registerClientRoleRoutes } from './client-roles.js';
import { registerGrantRoutes } from './grants.js';
import { registerLogStreamRoutes } from './log-streams.js';
import { registerLogRoutes } from './logs.js';
import { registerOauthTokenRoutes } from './oauth-token.js';
import { registerServiceAccountRoutes } from './service-accounts.js';
import { registerUserRoutes } from './users.js';

/** Every Okta Management API route the emulator serves, one file per resource. */
export const ROUTES: Array<(app: FastifyInstance, s: EmulatorState) => void> = [
  registerUserRoutes,
  registerAppRoutes,
  registerAppCredentialRoutes,
  registerAppSecretWrites,
  registerGrantRoutes,
  registerClientRoleRoutes,
  registerApiTokenRoutes,
  registerApiServiceRoutes,
  registerLogRoutes,
  registerAuthorizationServerRoutes,
  registerLogStreamRoutes,
  registerServiceAccountRoutes,
  registerOauthTokenRoutes,
];
