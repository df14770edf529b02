import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { registerAppAuthRoutes } from './app-auth.js';
import { registerAppRoutes } from './app.js';
import { registerAuditLogRoutes } from './audit-log.js';
import { registerEnterpriseRoutes } from './enterprise.js';
import { registerInstallationAccessRoutes } from './installation-access.js';
import { registerPeopleRoutes } from './people.js';
import { registerRunnerRoutes } from './runners.js';
import { registerSecretDetailRoutes } from './secret-details.js';
import { registerCredentialAuthorizationRoutes } from './credential-authorizations.js';
import { registerDeployKeyRoutes } from './deploy-keys.js';
import { registerHookRoutes } from './hooks.js';
import { registerInstallationRoutes } from './installations.js';
import { registerMemberRoutes } from './members.js';
import { registerOidcRoutes } from './oidc.js';
import { registerPersonalAccessTokenRoutes } from './personal-access-tokens.js';
import { registerRepositoryRoutes } from './repositories.js';
import { registerRunnerGroupRoutes } from './runner-groups.js';
import { registerSecretRoutes } from './secrets.js';
import { registerSecretScanningRoutes } from './secret-scanning.js';

/** Every GitHub REST route the emulator serves, one file per resource. */
export const ROUTES: Array<(app: FastifyInstance, s: EmulatorState) => void> = [
  registerAppAuthRoutes,
  registerMemberRoutes,
  registerRepositoryRoutes,
  registerInstallationRoutes,
  registerCredentialAuthorizationRoutes,
  registerPersonalAccessTokenRoutes,
  registerSecretRoutes,
  registerHookRoutes,
  registerDeployKeyRoutes,
  registerRunnerGroupRoutes,
  registerOidcRoutes,
  registerSecretScanningRoutes,
  registerAppRoutes,
  registerInstallationAccessRoutes,
  registerEnterpriseRoutes,
  registerRunnerRoutes,
  registerSecretDetailRoutes,
  registerPeopleRoutes,
  registerAuditLogRoutes,
];
