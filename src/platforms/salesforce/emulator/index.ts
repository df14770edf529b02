import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import { type FaultInput, startEmulator } from '../../../emulation/kit/index.js';
import type { SalesforceEstateData } from '../estate/types.js';
import { salesforceFaults } from './faults.js';
import { ACTIVITY_FORMAT, dailyLogFiles } from './planted-files.js';
import { invalidSession, sfError } from './http.js';
import { ROUTES } from './routes/index.js';
import { type EmulatorState, createState, objectOfLocator, type PlantedLogFile } from './state.js';

export interface SalesforceEmulatorOptions {
  port?: number;
  faults?: FaultInput;
  /**
   * Event Monitoring's log files (planted activity); the array is read at each request, so files pushed later appear.
   * Without it the org has no Event Monitoring: EventLogFile answers INVALID_TYPE.
   */
  eventLogFiles?: PlantedLogFile[];
}

export const ENV = { accessToken: 'STEWARD_EMU_SALESFORCE_TOKEN' } as const;
export const API_VERSION = '66.0';

/** An access token's shape: the org id, `!`, then opaque characters, from a CSPRNG. */
const accessToken = (orgId: string): string => `${orgId}!${randomBytes(48).toString('base64url')}`;

/** `query:<sObject>` for a query or a queryMore of one: the name the connector's sources declare for faults. */
export function operationOf(s: EmulatorState, request: FastifyRequest): string | undefined {
  const path = request.url.split('?')[0];
  const q = (request.query as { q?: string } | undefined)?.q;
  if (q) {
    const object = /\bFROM\s+(\w+)/i.exec(q)?.[1];
    return object ? `query:${object}` : undefined;
  }
  const locator = /\/query\/([^/]+)$/.exec(path)?.[1];
  const object = locator ? objectOfLocator(s, locator) : undefined;
  return object ? `query:${object}` : undefined;
}

/** The OAuth endpoints (revoke) take no session: the token they are sent is the authority. */
const SESSIONLESS = /^\/services\/oauth2\//;

/** Bearer (or the older `OAuth`) token on every REST call, and Sforce-Limit-Info on every answer. */
function registerAll(app: FastifyInstance, s: EmulatorState): void {
  app.addHook('preHandler', async (request, reply) => {
    if (SESSIONLESS.test(request.url)) return;
    const m = /^(Bearer|OAuth)\s+(\S+)$/i.exec(request.headers.authorization?.trim() ?? '');
    if (!m || m[2] !== s.token) return invalidSession(reply);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    s.apiRequests++;
    reply.header('sforce-limit-info', `api-usage=${s.apiRequests}/${s.data.dailyApiRequests}`);
    return payload;
  });
  for (const register of ROUTES) register(app, s);
  app.setNotFoundHandler((_request, reply) =>
    sfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist'),
  );
}

/** Starts the Salesforce REST API emulator on a generated org. */
export async function startSalesforceEmulator(
  data: SalesforceEstateData,
  options: SalesforceEmulatorOptions = {},
): Promise<StartedPlatform & { token: string }> {
  const token = accessToken(data.organizationId);
  const s = createState(data, token, options.eventLogFiles ?? null);
  const emulator = await startEmulator({
    name: 'salesforce',
    port: options.port,
    faults: salesforceFaults,
    operation: (request) => operationOf(s, request),
    // Write bodies are parsed by their routes, so a bad one gets Salesforce's error, not Fastify's.
    rawBodyTypes: ['application/json', 'application/x-www-form-urlencoded'],
    routes: (app) => registerAll(app, s),
  });
  if (options.faults) emulator.faults.set(options.faults);
  return {
    emulator,
    token,
    tenants: [
      {
        platform: 'salesforce',
        tenant: data.myDomain,
        options: { instanceUrl: emulator.url, accessToken: { env: ENV.accessToken }, apiVersion: API_VERSION },
      },
    ],
    env: { [ENV.accessToken]: token },
  };
}

export const salesforceEmulator: EmulatorPlugin<SalesforceEstateData> = {
  platform: 'salesforce',
  activityFormats: [ACTIVITY_FORMAT],
  start: (data, options = {}) => {
    // Planted activity gives the org Event Monitoring; without it EventLogFile stays INVALID_TYPE, as before.
    const files = dailyLogFiles(options.activity);
    return startSalesforceEmulator(data, { ...options, ...(files.length ? { eventLogFiles: files } : {}) });
  },
};
