import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import { type FaultInput, startEmulator } from '../../../emulation/kit/index.js';
import type { GoogleEstateData } from '../estate/types.js';
import { googleFaults } from './faults.js';
import { bearerOf, googleError } from './http.js';
import { ROUTES } from './routes/index.js';
import { createState, type EmulatorState, type PlantedReports } from './state.js';

export interface GoogleEmulatorOptions {
  port?: number;
  faults?: FaultInput;
  /**
   * Reports activities (activities.list items) per application served instead of the generated ones; the arrays
   * are read on every request, so a test may add activities later (delivered late).
   */
  reports?: PlantedReports;
}

export const ENV = { token: 'STEWARD_EMU_GOOGLE_TOKEN' } as const;

/** An OAuth 2.0 access token's shape (ya29.…), from a CSPRNG. */
export const accessToken = (): string => `ya29.${randomBytes(48).toString('base64url')}`;

/**
 * Google's framing: every request needs `Authorization: Bearer <token>` (401 UNAUTHENTICATED otherwise) and
 * anything unknown is 404 in the error envelope.
 */
function registerAll(app: FastifyInstance, s: EmulatorState): void {
  app.addHook('preHandler', async (request, reply) => {
    const token = bearerOf(request);
    if (token !== s.token)
      return googleError(reply, 401, 'authError', 'Request is missing required authentication credential.');
  });
  for (const register of ROUTES) register(app, s);
  app.setNotFoundHandler((_request, reply) => googleError(reply, 404, 'notFound', 'Not Found'));
}

/** Starts the Google APIs emulator (Directory, Reports, and the Cloud part) on one generated tenant. */
export async function startGoogleEmulator(
  data: GoogleEstateData,
  options: GoogleEmulatorOptions = {},
): Promise<StartedPlatform & { token: string }> {
  const token = accessToken();
  const s = createState(data, token, options.reports ?? null);
  const emulator = await startEmulator({
    name: 'google',
    port: options.port,
    faults: googleFaults,
    routes: (app) => registerAll(app, s),
  });
  if (options.faults) emulator.faults.set(options.faults);
  return {
    emulator,
    token,
    tenants: [
      {
        platform: 'google',
        tenant: data.tenant,
        options: {
          rootUrl: `${emulator.url}/`,
          accessToken: { env: ENV.token },
          customer: 'my_customer',
          domain: data.domain,
          subject: data.adminEmail,
          retryBaseMs: 20,
        },
      },
    ],
    env: { [ENV.token]: token },
  };
}

export const googleEmulator: EmulatorPlugin<GoogleEstateData> = {
  platform: 'google',
  start: (data, options) => startGoogleEmulator(data, options),
};
