import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GhRepoData, GitHubEstateData } from '../estate/types.js';
import {
  type FaultInput,
  intParam,
  linkHeader,
  pageSlice,
  startEmulator,
  type RunningEmulator,
} from '../../../emulation/kit/index.js';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import { generateAppKey, githubToken, verifyAppJwt } from './auth.js';
import { Renderer } from './render.js';

const DOCS = 'https://docs.github.com/rest';
const API_VERSION = '2022-11-28';

export interface GitHubEmulatorOptions {
  port?: number;
  faults?: FaultInput;
  /** Serve GHEC-only endpoints (credential authorizations). false = behave like github.com Free/Team or GHES (404). */
  ghec?: boolean;
  /** How `throttle` faults answer: GitHub's primary limit (403, remaining 0), secondary (429 + retry-after), or alternate. */
  throttleStyle?: 'alternate' | 'primary' | 'secondary';
  /**
   * github.com answers the fine-grained PAT lists only to GitHub Apps. true (default) serves them to the owner's
   * classic token too, so token-auth demos see every NHI; false gives the real 403 for non-App tokens.
   */
  patListsForTokens?: boolean;
}

interface Caller {
  kind: 'owner' | 'installation';
  key: string;
  limit: number;
}

interface RateWindow {
  used: number;
  reset: number;
}

export const ENV = {
  token: 'STEWARD_EMU_GITHUB_TOKEN',
  appId: 'STEWARD_EMU_GITHUB_APP_ID',
  installationId: 'STEWARD_EMU_GITHUB_INSTALLATION_ID',
  appKey: 'STEWARD_EMU_GITHUB_APP_KEY',
} as const;

function errorBody(message: string, status: number, doc = DOCS) {
  return { message, documentation_url: doc, status: String(status) };
}

/** Starts the GitHub REST emulator on a generated organization. */
export async function startGitHubEmulator(
  data: GitHubEstateData,
  options: GitHubEmulatorOptions = {},
): Promise<StartedPlatform & { appKeyPem: string; ownerToken: string }> {
  const ownerToken = githubToken('ghp');
  const appKey = generateAppKey();
  const installationTokens = new Map<string, number>(); // token → expiry (ms)
  const windows = new Map<string, RateWindow>();
  const org = data.org.login;
  const reposByName = new Map<string, GhRepoData>(data.repos.map((r) => [r.name.toLowerCase(), r]));
  const appsBySlug = new Map(data.apps.map((a) => [a.slug, a]));
  const ghec = options.ghec ?? true;
  const patListsForTokens = options.patListsForTokens ?? true;
  let throttles = 0;
  let base = '';
  const render = new Renderer(() => base, data);

  const rate = (caller: Caller | null): { limit: number; remaining: number; used: number; reset: number } => {
    const key = caller?.key ?? 'anonymous';
    const limit = caller?.limit ?? 60;
    const nowS = Math.floor(Date.now() / 1000);
    let w = windows.get(key);
    if (!w || w.reset <= nowS) windows.set(key, (w = { used: 0, reset: nowS + 3600 }));
    return { limit, remaining: Math.max(0, limit - w.used), used: w.used, reset: w.reset };
  };
  const rateHeaders = (reply: FastifyReply, caller: Caller | null, count: boolean) => {
    if (count && caller) {
      const r0 = rate(caller);
      windows.get(caller.key)!.used = Math.min(r0.limit - 1, r0.used + 1); // never exhausts by itself: the fault switch does that
    }
    const r = rate(caller);
    reply.header('x-ratelimit-limit', String(r.limit));
    reply.header('x-ratelimit-remaining', String(r.remaining));
    reply.header('x-ratelimit-used', String(r.used));
    reply.header('x-ratelimit-reset', String(r.reset));
    reply.header('x-ratelimit-resource', 'core');
  };

  const identify = (request: FastifyRequest): Caller | 'jwt' | null => {
    const h = request.headers.authorization;
    if (!h) return null;
    const m = /^(token|bearer)\s+(\S+)$/i.exec(h.trim());
    if (!m) return null;
    const value = m[2];
    if (value.split('.').length === 3) return 'jwt';
    if (value === ownerToken) return { kind: 'owner', key: 'owner', limit: 5000 };
    const exp = installationTokens.get(value);
    if (exp !== undefined && exp > Date.now()) return { kind: 'installation', key: value, limit: 15000 };
    return null;
  };

  const emulator: RunningEmulator = await startEmulator({
    name: 'github',
    port: options.port,
    faults: {
      throttle(reply, retryAfterSeconds) {
        const style = options.throttleStyle ?? 'alternate';
        const primary = style === 'primary' || (style === 'alternate' && throttles++ % 2 === 1);
        const wait = Math.max(0, Math.ceil(retryAfterSeconds));
        const nowS = Math.floor(Date.now() / 1000);
        reply.header('x-github-request-id', `EMU:${Date.now().toString(16)}`);
        if (primary) {
          reply
            .header('x-ratelimit-limit', '5000')
            .header('x-ratelimit-remaining', '0')
            .header('x-ratelimit-used', '5000');
          reply.header('x-ratelimit-reset', String(nowS + wait)).header('x-ratelimit-resource', 'core');
          return reply
            .code(403)
            .send(
              errorBody(
                'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.',
                403,
                'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
              ),
            );
        }
        reply.header('retry-after', String(Math.max(1, wait)));
        reply
          .header('x-ratelimit-limit', '5000')
          .header('x-ratelimit-remaining', '4000')
          .header('x-ratelimit-used', '1000');
        reply.header('x-ratelimit-reset', String(nowS + 3600)).header('x-ratelimit-resource', 'core');
        return reply
          .code(429)
          .send(
            errorBody(
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
              429,
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            ),
          );
      },
      serverError(reply) {
        reply.header('x-github-request-id', `EMU:${Date.now().toString(16)}`);
        return reply.code(502).send(errorBody('Server Error', 502));
      },
    },
    routes(app: FastifyInstance, baseUrl) {
      app.addHook('onRequest', async () => {
        base = baseUrl();
      });
      app.addHook('onSend', async (_request, reply, payload) => {
        reply.header('x-github-api-version-selected', API_VERSION);
        reply.header('x-github-media-type', 'github.v3; format=json');
        if (!reply.hasHeader('x-github-request-id'))
          reply.header('x-github-request-id', `EMU:${process.hrtime.bigint().toString(16)}`);
        return payload;
      });

      /** Auth + rate headers; returns the caller or sends 401. */
      const guard = (request: FastifyRequest, reply: FastifyReply, count = true): Caller | null => {
        const who = identify(request);
        if (!who || who === 'jwt') {
          rateHeaders(reply, null, false);
          reply
            .code(401)
            .send(
              errorBody(who === 'jwt' ? 'A JSON web token is only valid on /app endpoints' : 'Bad credentials', 401),
            );
          return null;
        }
        rateHeaders(reply, who, count);
        return who;
      };
      const notFound = (reply: FastifyReply) => reply.code(404).send(errorBody('Not Found', 404));
      const paged = <T>(request: FastifyRequest, reply: FastifyReply, items: readonly T[], map: (t: T) => unknown) => {
        const q = request.query as Record<string, string | undefined>;
        const perPage = intParam(q.per_page, 30, 100);
        const page = intParam(q.page, 1, Number.MAX_SAFE_INTEGER);
        const { items: slice, lastPage } = pageSlice(items, page, perPage);
        const link = linkHeader(new URL(request.url, base), page, lastPage);
        if (link) reply.header('link', link);
        return { body: slice.map(map), total: items.length };
      };
      const orgOk = (request: FastifyRequest) =>
        String((request.params as { org?: string }).org ?? '').toLowerCase() === org.toLowerCase();
      const repoOf = (request: FastifyRequest): GhRepoData | undefined => {
        const p = request.params as { owner: string; repo: string };
        if (p.owner.toLowerCase() !== org.toLowerCase()) return undefined;
        return reposByName.get(p.repo.toLowerCase());
      };

      app.get('/rate_limit', async (request, reply) => {
        const who = identify(request);
        const caller = who && who !== 'jwt' ? who : null;
        if (!caller) return reply.code(401).send(errorBody('Bad credentials', 401));
        rateHeaders(reply, caller, false);
        const core = rate(caller);
        const zero = (limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset });
        return {
          resources: {
            core,
            search: zero(30),
            graphql: zero(5000),
            integration_manifest: zero(5000),
            code_search: zero(10),
          },
          rate: core,
        };
      });

      app.post('/app/installations/:installation_id/access_tokens', async (request, reply) => {
        const h = request.headers.authorization ?? '';
        const m = /^bearer\s+(\S+)$/i.exec(h.trim());
        rateHeaders(reply, null, false);
        if (!m) return reply.code(401).send(errorBody('A JSON web token could not be decoded', 401));
        const check = verifyAppJwt(m[1], data.scanner.appId, appKey.publicKey);
        if (!check.ok) return reply.code(401).send(errorBody(check.message, 401));
        const id = Number((request.params as { installation_id: string }).installation_id);
        if (id !== data.scanner.installationId) return notFound(reply);
        const inst = data.installations.find((i) => i.id === id)!;
        const token = githubToken('ghs');
        const expires = Date.now() + 3600_000;
        installationTokens.set(token, expires);
        return reply
          .code(201)
          .send({
            token,
            expires_at: new Date(expires).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            permissions: inst.permissions,
            repository_selection: inst.repository_selection,
          });
      });

      app.get('/orgs/:org/members', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        if (!orgOk(request)) return notFound(reply);
        return paged(request, reply, data.members, (m) => render.user(m, true)).body;
      });
      app.get('/orgs/:org/repos', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        if (!orgOk(request)) return notFound(reply);
        return paged(request, reply, data.repos, (r) => render.repository(r)).body;
      });
      app.get('/orgs/:org/installations', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        if (!orgOk(request)) return notFound(reply);
        const { body, total } = paged(request, reply, data.installations, (i) => render.installation(i));
        return { total_count: total, installations: body };
      });
      app.get('/apps/:app_slug', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const a = appsBySlug.get((request.params as { app_slug: string }).app_slug);
        return a ? render.app(a) : notFound(reply);
      });
      app.get('/orgs/:org/credential-authorizations', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        if (!orgOk(request) || !ghec) return notFound(reply);
        const login = (request.query as { login?: string }).login;
        const items = login
          ? data.credentialAuthorizations.filter((c) => c.login === login)
          : data.credentialAuthorizations;
        return paged(request, reply, items, (c) => render.credentialAuthorization(c)).body;
      });
      const patGuard = (caller: Caller, reply: FastifyReply) => {
        if (caller.kind === 'installation' || patListsForTokens) return true;
        reply
          .code(403)
          .send(
            errorBody(
              'Resource not accessible by personal access token',
              403,
              'https://docs.github.com/rest/orgs/personal-access-tokens',
            ),
          );
        return false;
      };
      app.get('/orgs/:org/personal-access-tokens', async (request, reply) => {
        const caller = guard(request, reply);
        if (!caller) return reply;
        if (!orgOk(request)) return notFound(reply);
        if (!patGuard(caller, reply)) return reply;
        return paged(request, reply, data.patGrants, (g) => render.patGrant(g)).body;
      });
      app.get('/orgs/:org/personal-access-token-requests', async (request, reply) => {
        const caller = guard(request, reply);
        if (!caller) return reply;
        if (!orgOk(request)) return notFound(reply);
        if (!patGuard(caller, reply)) return reply;
        return paged(request, reply, data.patRequests, (r) => render.patRequest(r)).body;
      });
      app.get('/orgs/:org/actions/secrets', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        if (!orgOk(request)) return notFound(reply);
        const { body, total } = paged(request, reply, data.orgSecrets, (s) => render.orgSecret(s));
        return { total_count: total, secrets: body };
      });
      app.get('/orgs/:org/hooks', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        if (!orgOk(request)) return notFound(reply);
        return paged(request, reply, data.orgHooks, (h) => render.orgHook(h)).body;
      });
      app.get('/repos/:owner/:repo/keys', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const repo = repoOf(request);
        if (!repo) return notFound(reply);
        return paged(request, reply, repo.keys, (k) => render.deployKey(repo, k)).body;
      });
      app.get('/repos/:owner/:repo/actions/secrets', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const repo = repoOf(request);
        if (!repo) return notFound(reply);
        const { body, total } = paged(request, reply, repo.secrets, (s) => render.repoSecret(s));
        return { total_count: total, secrets: body };
      });
      app.get('/repos/:owner/:repo/hooks', async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const repo = repoOf(request);
        if (!repo) return notFound(reply);
        return paged(request, reply, repo.hooks, (h) => render.repoHook(repo, h)).body;
      });
      app.setNotFoundHandler((request, reply) => {
        const who = identify(request);
        rateHeaders(reply, who && who !== 'jwt' ? who : null, false);
        return reply.code(404).send(errorBody('Not Found', 404));
      });
    },
  });

  if (options.faults) emulator.faults.set(options.faults);
  return {
    emulator,
    appKeyPem: appKey.privateKeyPem,
    ownerToken,
    tenants: [{ platform: 'github', tenant: org, options: { baseUrl: emulator.url, token: { env: ENV.token } } }],
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

export const githubEmulator: EmulatorPlugin<GitHubEstateData> = {
  platform: 'github',
  start: (data, options) => startGitHubEmulator(data, options),
};
