import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import { plantedRecords } from '../../../emulation/estate/activity.js';
import { type FaultInput, startEmulator } from '../../../emulation/kit/index.js';
import type { EntraTenantData } from '../estate/types.js';
import { graphFaults } from './graph-errors.js';
import { agentIdentityRoutes } from './routes/agent-identities.js';
import { applicationRoutes } from './routes/applications.js';
import { auditLogRoutes, type PlantedAuditLogs } from './routes/audit-logs.js';
import { bearerAuth, type Credentials, errorRoutes, tokenRoute } from './routes/auth.js';
import { deltaRoutes } from './routes/delta.js';
import { identityProtectionRoutes } from './routes/identity-protection.js';
import { grantRoutes } from './routes/oauth2-permission-grants.js';
import { reportRoutes } from './routes/reports.js';
import { roleManagementRoutes } from './routes/role-management.js';
import { servicePrincipalRoutes } from './routes/service-principals.js';
import { userRoutes } from './routes/users.js';
import { type Served, VERSIONS } from './served.js';
import { EntraTenant } from './tenant.js';
import { TenantViews } from './views.js';

export { EntraTenant } from './tenant.js';

export interface StartedEntra extends StartedPlatform {
  /** The served tenant: tests mutate it (add a secret, delete an app) between scans. */
  tenant: EntraTenant;
  token: string;
  clientId: string;
  clientSecret: string;
}

/** Every route of the Graph emulator (one module per resource under routes/). */
function graphRoutes(
  app: FastifyInstance,
  s: Served,
  credentials: Credentials,
  logs: { planted?: PlantedAuditLogs; extra?: PlantedAuditLogs },
): void {
  errorRoutes(app);
  bearerAuth(app, credentials);
  tokenRoute(app, s, credentials);
  const views = new TenantViews(s.tenant);
  for (const v of VERSIONS) {
    deltaRoutes(app, s, views, v);
    userRoutes(app, s, views, v);
    applicationRoutes(app, s, views, v);
    servicePrincipalRoutes(app, s, views, v);
    grantRoutes(app, s, v);
    roleManagementRoutes(app, s, v);
    agentIdentityRoutes(app, s, v);
    identityProtectionRoutes(app, s, v);
  }
  reportRoutes(app, s);
  auditLogRoutes(app, s, logs.planted, logs.extra);
}

/** Starts the Graph emulator for one tenant over HTTPS and returns the handle tests use to change the tenant. */
export async function startEntraEmulator(
  data: EntraTenantData,
  options: {
    port?: number;
    faults?: FaultInput;
    /** Audit and sign-in records served instead of those derived from the estate (arrays read at each request). */
    auditLogs?: PlantedAuditLogs;
    /**
     * Records served among those derived from the estate (planted activity: `steward emulate`); read once, at start.
     * The scan's last use comes from the sign-in activity reports, which stay the estate's.
     */
    extraAuditLogs?: PlantedAuditLogs;
  } = {},
): Promise<StartedEntra> {
  const tenant = new EntraTenant(data);
  const credentials: Credentials = {
    token: `emu-entra-${randomBytes(16).toString('hex')}`,
    clientId: randomUUID(),
    clientSecret: `emu~${randomBytes(18).toString('base64url')}`,
  };
  const emulator = await startEmulator({
    name: 'entra',
    tls: true,
    port: options.port,
    rawBodyTypes: ['application/x-www-form-urlencoded'],
    faults: graphFaults,
    // Sources declare Graph endpoints without the version segment ('GET /servicePrincipals/{id}/owners').
    versionPrefix: /^\/(v1\.0|beta)(?=\/)/,
    routes: (app, baseUrl) =>
      graphRoutes(app, { tenant, baseUrl, now: () => new Date(tenant.data.now) }, credentials, {
        planted: options.auditLogs,
        extra: options.extraAuditLogs,
      }),
  });
  if (options.faults) emulator.faults.set(options.faults);
  return {
    emulator,
    tenant,
    ...credentials,
    tenants: [
      {
        platform: 'entra',
        tenant: data.tenantDomain,
        options: {
          tenantId: data.tenantId,
          graphBaseUrl: emulator.url,
          authorityHost: emulator.url,
          token: { env: 'STEWARD_EMU_ENTRA_TOKEN' },
          caCertificate: emulator.certificate,
        },
      },
    ],
    env: {
      STEWARD_EMU_ENTRA_TOKEN: credentials.token,
      STEWARD_EMU_ENTRA_CLIENT_ID: credentials.clientId,
      STEWARD_EMU_ENTRA_CLIENT_SECRET: credentials.clientSecret,
    },
  };
}

/** The planted activity this emulator serves: directory audits and sign-ins (`GET /auditLogs/…`). */
const ACTIVITY_FORMATS = { audits: 'graph-audits', signIns: 'graph-signins' } as const;

/**
 * A planted sign-in as the beta report lists it: Graph types each record (`signInEventTypes`), which the v1.0-shaped
 * planted records leave out; one that names a service principal and no user is a service principal's.
 */
function typedSignIn(r: Record<string, unknown>): Record<string, unknown> {
  if (r.signInEventTypes || !r.servicePrincipalId || r.userId) return r;
  return { ...r, signInEventTypes: ['servicePrincipal'] };
}

export const entraEmulator: EmulatorPlugin<EntraTenantData> = {
  platform: 'entra',
  activityFormats: Object.values(ACTIVITY_FORMATS),
  start: (data, options = {}) =>
    // Planted activity joins the records derived from the estate: a tenant's audit logs have both.
    startEntraEmulator(data, {
      ...options,
      extraAuditLogs: {
        directoryAudits: plantedRecords(options.activity, ACTIVITY_FORMATS.audits),
        signIns: plantedRecords(options.activity, ACTIVITY_FORMATS.signIns).map(typedSignIn),
      },
    }),
};
