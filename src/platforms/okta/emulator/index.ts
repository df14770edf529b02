import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import { plantedRecords } from '../../../emulation/estate/activity.js';
import { type FaultInput, startEmulator } from '../../../emulation/kit/index.js';
import type { OktaEstateData } from '../estate/types.js';
import { oktaFaults } from './faults.js';
import { generateScannerClient } from './auth.js';
import { authorize, errorBody, requestId } from './http.js';
import { ROUTES } from './routes/index.js';
import { createState, type EmulatorState } from './state.js';

export interface OktaEmulatorOptions {
  port?: number;
  faults?: FaultInput;
  /**
   * System Log events (Okta's LogEvent JSON) GET /api/v1/logs serves instead of the generated ones; the array is
   * read on every request, so a test may add events later (delivered late).
   */
  systemLog?: Record<string, unknown>[];
  /**
   * LogEvents served among the generated System Log's, in `published` order (planted activity: `steward emulate`);
   * read once, at start. The scan reads last use from the same log, so a planted event is a use it sees.
   */
  extraSystemLog?: Record<string, unknown>[];
}

export const ENV = { token: 'STEWARD_EMU_OKTA_TOKEN', privateKey: 'STEWARD_EMU_OKTA_PRIVATE_KEY' } as const;

/** An SSWS API token's shape: `00` + 40 base64url characters, from a CSPRNG. */
export const ssws = (): string => `00${randomBytes(30).toString('base64url').slice(0, 40)}`;

/**
 * Okta's answer framing: the base URL for links, SSWS auth before every handler (401 E0000011), and on every
 * answer X-Okta-Request-Id and the X-Rate-Limit-* headers (a throttle fault sets its own).
 */
function registerAll(app: FastifyInstance, s: EmulatorState, baseUrl: () => string): void {
  app.addHook('onRequest', async () => {
    s.base = baseUrl();
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'POST' && request.url.split('?')[0] === '/oauth2/v1/token') return;
    return authorize(s, request, reply);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('x-okta-request-id')) reply.header('x-okta-request-id', requestId());
    if (!reply.hasHeader('x-rate-limit-reset')) s.rates.headers(request, reply);
    return payload;
  });
  for (const register of ROUTES) register(app, s);
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(errorBody('E0000007', `Not found: Resource not found: ${request.url.split('?')[0]} (Resource)`)),
  );
}

/** Starts the Okta Management API emulator on a generated org. */
export async function startOktaEmulator(
  data: OktaEstateData,
  options: OktaEmulatorOptions = {},
): Promise<StartedPlatform & { token: string; scanner: { clientId: string; keyId: string } }> {
  const token = ssws();
  const s = createState(data, token, generateScannerClient(), {
    planted: options.systemLog,
    extra: options.extraSystemLog,
  });
  const emulator = await startEmulator({
    name: 'okta',
    port: options.port,
    faults: oktaFaults,
    // The token endpoint takes a form post (client credentials).
    rawBodyTypes: ['application/x-www-form-urlencoded'],
    routes: (app, baseUrl) => registerAll(app, s, baseUrl),
  });
  if (options.faults) emulator.faults.set(options.faults);
  return {
    emulator,
    token,
    // The org keeps more System Log than Okta's 90 days, and the tenant reads all of it (docs/connectors/okta.md).
    tenants: [
      {
        platform: 'okta',
        tenant: data.subdomain,
        options: { orgUrl: emulator.url, token: { env: ENV.token }, systemLogDays: data.logRetentionDays },
      },
    ],
    env: { [ENV.token]: token, [ENV.privateKey]: s.scanner.privateKeyPem },
    scanner: { clientId: s.scanner.clientId, keyId: s.scanner.keyId },
  };
}

/** Tenant options that authenticate as the emulator's scanner service app (private_key_jwt) instead of SSWS. */
export function oauthTenantOptions(
  started: Awaited<ReturnType<typeof startOktaEmulator>>,
  scopes?: string[],
): Record<string, unknown> {
  return {
    orgUrl: started.emulator.url,
    oauth: {
      clientId: started.scanner.clientId,
      keyId: started.scanner.keyId,
      privateKey: { env: ENV.privateKey },
      ...(scopes ? { scopes } : {}),
    },
    systemLogDays: (started.tenants[0].options as { systemLogDays: number }).systemLogDays,
  };
}

/** The planted activity this emulator serves (its System Log endpoint). */
const ACTIVITY_FORMAT = 'okta';

export const oktaEmulator: EmulatorPlugin<OktaEstateData> = {
  platform: 'okta',
  activityFormats: [ACTIVITY_FORMAT],
  start: (data, options = {}) =>
    // Planted activity joins the org's own System Log: the scan reads last use there, the collector everything.
    startOktaEmulator(data, { ...options, extraSystemLog: plantedRecords(options.activity, ACTIVITY_FORMAT) }),
};
