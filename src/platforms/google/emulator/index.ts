import { randomBytes } from 'node:crypto';
import type { admin_reports_v1 } from '@googleapis/admin';
import type { FastifyInstance } from 'fastify';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import { plantedRecords } from '../../../emulation/estate/activity.js';
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
  /**
   * Activities served among the estate's, newest first (planted activity: `steward emulate`); read once, at start.
   * The scan reads the clients' last use from the same `token` activities, so a planted call is a use it sees.
   */
  extraReports?: PlantedReports;
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
  const s = createState(data, token, { planted: options.reports, extra: options.extraReports });
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

/** The planted activity this emulator serves (the Reports applications). */
const ACTIVITY_FORMAT = 'google-reports';

/** Planted activities by the application they belong to (each activity's `id.applicationName`). */
function byApplication(activities: readonly admin_reports_v1.Schema$Activity[]): PlantedReports {
  const out: Required<PlantedReports> = { token: [], admin: [], login: [] };
  for (const a of activities) {
    const app = a.id?.applicationName ?? '';
    if (app in out) out[app as keyof PlantedReports].push(a);
  }
  return out;
}

export const googleEmulator: EmulatorPlugin<GoogleEstateData> = {
  platform: 'google',
  activityFormats: [ACTIVITY_FORMAT],
  start: (data, options = {}) => {
    // Planted activity joins the estate's own: the scan reads the clients' last use there, the collector everything.
    const planted = plantedRecords(options.activity, ACTIVITY_FORMAT) as admin_reports_v1.Schema$Activity[];
    return startGoogleEmulator(data, { ...options, extraReports: byApplication(planted) });
  },
};
