import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import { plantedRecords } from '../../../emulation/estate/activity.js';
import { type FaultInput, startEmulator } from '../../../emulation/kit/index.js';
import type { SlackEstateData } from '../estate/types.js';
import { slackFaults } from './faults.js';
import { argsOf, fail, requestId, tokenOf } from './http.js';
import { ROUTES } from './routes/index.js';
import { createState, type EmulatorState } from './state.js';

export interface SlackEmulatorOptions {
  port?: number;
  faults?: FaultInput;
  /**
   * Audit Logs API entries to serve instead of the estate's (planted activity, any order); the array is read at each
   * request, so entries pushed later appear.
   */
  auditLogs?: object[];
}

export const ENV = { token: 'STEWARD_EMU_SLACK_TOKEN' } as const;

/** A user token's shape: xoxp-<team>-<user>-<id>-<32 hex>, from a CSPRNG. */
export const xoxp = (): string =>
  `xoxp-${randomBytes(5).readUIntBE(0, 5)}-${randomBytes(5).readUIntBE(0, 5)}-${randomBytes(5).readUIntBE(0, 5)}-${randomBytes(16).toString('hex')}`;

/**
 * Slack's answer framing: the token checked before every method (not_authed / invalid_auth, HTTP 200), the
 * X-Slack-Req-Id and X-OAuth-Scopes headers on every answer, and HTTP 404 unknown_method for anything else.
 */
function registerAll(app: FastifyInstance, s: EmulatorState): void {
  app.addHook('preHandler', async (request, reply) => {
    const token = tokenOf(request, argsOf(request));
    if (!token) return fail(reply, 'not_authed');
    if (token !== s.token) return fail(reply, 'invalid_auth');
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('x-slack-req-id')) reply.header('x-slack-req-id', requestId());
    reply.header('x-oauth-scopes', 'admin.apps:read,users:read,users:read.email,admin');
    return payload;
  });
  for (const register of ROUTES) register(app, s);
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ ok: false, error: 'unknown_method' }));
}

/** Starts the Slack Web API emulator on a generated Enterprise Grid org. */
export async function startSlackEmulator(
  data: SlackEstateData,
  options: SlackEmulatorOptions = {},
): Promise<StartedPlatform & { token: string }> {
  const token = xoxp();
  const s = createState(data, token);
  if (options.auditLogs) s.data.auditLogs = options.auditLogs as SlackEstateData['auditLogs'];
  const emulator = await startEmulator({
    name: 'slack',
    port: options.port,
    faults: slackFaults,
    // Every Web API call is a form post.
    rawBodyTypes: ['application/x-www-form-urlencoded'],
    routes: (app) => registerAll(app, s),
  });
  if (options.faults) emulator.faults.set(options.faults);
  return {
    emulator,
    token,
    tenants: [
      {
        platform: 'slack',
        tenant: data.orgName,
        options: {
          apiUrl: `${emulator.url}/api/`,
          auditApiUrl: `${emulator.url}/audit/v1/`,
          token: { env: ENV.token },
        },
      },
    ],
    env: { [ENV.token]: token },
  };
}

/** The planted activity this emulator serves (its audit-log endpoint). */
const ACTIVITY_FORMAT = 'slack-audit';

export const slackEmulator: EmulatorPlugin<SlackEstateData> = {
  platform: 'slack',
  activityFormats: [ACTIVITY_FORMAT],
  start: (data, options = {}) => {
    // Planted activity joins the estate's own entries (the scan reads its app installs from them).
    const planted = plantedRecords(options.activity, ACTIVITY_FORMAT);
    return startSlackEmulator(data, {
      ...options,
      ...(planted.length ? { auditLogs: [...data.auditLogs, ...planted] } : {}),
    });
  },
};
