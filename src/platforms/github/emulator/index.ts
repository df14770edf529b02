import type { FastifyInstance } from 'fastify';
import type { GitHubEstateData } from '../estate/types.js';
import { type FaultInput, startEmulator } from '../../../emulation/kit/index.js';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import { plantedRecords } from '../../../emulation/estate/activity.js';
import { auditLog } from './audit-log.js';
import { generateAppKey, githubToken } from './auth.js';
import { githubFaults, type ThrottleStyle } from './faults.js';
import { conditionalAnswer, errorBody, identify, ssoRefusal, ssoRequired } from './http.js';
import { ROUTES } from './routes/index.js';
import { createState, type EmulatorState } from './state.js';

const API_VERSION = '2022-11-28';

export interface GitHubEmulatorOptions {
  port?: number;
  faults?: FaultInput;
  /** Serve GHEC-only endpoints (credential authorizations). false = behave like github.com Free/Team or GHES (404). */
  ghec?: boolean;
  /**
   * How `throttle` faults answer: GitHub's primary limit (403, remaining 0), secondary (429 + retry-after), the
   * secondary in its 403 form (`secondary-403`), or alternate (secondary 429 / primary).
   */
  throttleStyle?: ThrottleStyle;
  /**
   * github.com answers the fine-grained PAT lists only to GitHub Apps. true (default) serves them to the owner's
   * classic token too, so token-auth demos see every NHI; false gives the real 403 for non-App tokens.
   */
  patListsForTokens?: boolean;
  /**
   * SAML SSO enforcement as a fault: requests of the owner's classic token (not SSO-authorized) to these endpoint
   * templates ('GET /orgs/{org}/actions/secrets') answer GitHub's 403 with `X-GitHub-SSO: required; url=…`.
   * Installation tokens are never subject to it, as on GitHub.
   */
  ssoEnforced?: string[];
  /**
   * Audit-log entries (GitHub's `audit-log-event` shape) GET /orgs/{org}/audit-log serves instead of the creation
   * events derived from the estate. The array is served as it is at each request: entries pushed later appear.
   */
  auditLog?: Record<string, unknown>[];
}

export const ENV = {
  token: 'STEWARD_EMU_GITHUB_TOKEN',
  appId: 'STEWARD_EMU_GITHUB_APP_ID',
  installationId: 'STEWARD_EMU_GITHUB_INSTALLATION_ID',
  appKey: 'STEWARD_EMU_GITHUB_APP_KEY',
} as const;

/** GitHub's response headers on every answer, the base URL for rendering, the routes and GitHub's 404. */
function registerAll(app: FastifyInstance, s: EmulatorState, baseUrl: () => string): void {
  app.addHook('onRequest', async () => {
    s.base = baseUrl();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-github-api-version-selected', API_VERSION);
    reply.header('x-github-media-type', 'github.v3; format=json');
    if (!reply.hasHeader('x-github-request-id'))
      reply.header('x-github-request-id', `EMU:${process.hrtime.bigint().toString(16)}`);
    return conditionalAnswer(s, request, reply, payload);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (s.ssoEndpoints.length && ssoRequired(s, request)) return ssoRefusal(s, reply);
  });
  for (const register of ROUTES) register(app, s);
  app.setNotFoundHandler((request, reply) => {
    const who = identify(s, request);
    s.rates.headers(reply, who && who !== 'jwt' ? who : null, false);
    return reply.code(404).send(errorBody('Not Found', 404));
  });
}

/** Starts the GitHub REST emulator on a generated organization. */
export async function startGitHubEmulator(
  data: GitHubEstateData,
  options: GitHubEmulatorOptions = {},
): Promise<StartedPlatform & { appKeyPem: string; ownerToken: string }> {
  const ownerToken = githubToken('ghp');
  const appKey = generateAppKey();
  const s = createState(data, options, ownerToken, appKey);
  const emulator = await startEmulator({
    name: 'github',
    port: options.port,
    faults: githubFaults(options.throttleStyle, (reply) => {
      const who = identify(s, reply.request);
      s.rates.headers(reply, who && who !== 'jwt' ? who : null, true);
    }),
    routes: (app, baseUrl) => registerAll(app, s, baseUrl),
  });
  if (options.faults) emulator.faults.set(options.faults);
  return {
    emulator,
    appKeyPem: appKey.privateKeyPem,
    ownerToken,
    // The emulator answers on this machine: a 100 ms backoff unit (not GitHub's 1 s) keeps retried faults quick.
    tenants: [
      {
        platform: 'github',
        tenant: s.org,
        options: { baseUrl: emulator.url, token: { env: ENV.token }, backoffUnitMs: 100 },
      },
    ],
    env: {
      [ENV.token]: ownerToken,
      [ENV.appId]: String(data.scanner.appId),
      [ENV.installationId]: String(data.scanner.installationId),
      [ENV.appKey]: appKey.privateKeyPem,
    },
  };
}

/** Tenant options that authenticate as the scanner App installation (JWT → installation token). */
export function appTenantOptions(started: StartedPlatform): Record<string, unknown> {
  return {
    baseUrl: started.emulator.url,
    app: {
      appId: Number(started.env[ENV.appId]),
      installationId: Number(started.env[ENV.installationId]),
      privateKey: { env: ENV.appKey },
    },
  };
}

/** The planted activity this emulator serves (its audit-log endpoint). */
const ACTIVITY_FORMAT = 'github-audit';

export const githubEmulator: EmulatorPlugin<GitHubEstateData> = {
  platform: 'github',
  activityFormats: [ACTIVITY_FORMAT],
  start: (data, options = {}) => {
    // Planted activity joins the creation events derived from the estate: the audit log has both.
    const planted = plantedRecords(options.activity, ACTIVITY_FORMAT);
    return startGitHubEmulator(data, {
      ...options,
      ...(planted.length
        ? { auditLog: [...(auditLog(data) as unknown as Record<string, unknown>[]), ...planted] }
        : {}),
    });
  },
};
