import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { AnalysisCatalogue } from '../../analysis/analysis.js';
import type { StewardConfig } from '../../config/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { RemediationService } from './remediation.js';
import type { Store } from '../../store/index.js';
import { type Principal, TokenVerifier } from './auth.js';
import type { ApiDeps, PlatformInfo } from './deps.js';
import { ApiError, errorBody } from './errors.js';
import { FigureCache } from './figure-cache.js';
import { openApiDocument } from './openapi.js';
import { API_PREFIX, type Route, roleAllows } from './route.js';
import { ROUTES } from './routes.js';
import { type ScanFunction, ScanManager, type Scans } from './scans.js';
import { SECURITY_HEADERS, serveDashboard } from './static.js';

export interface ServerOptions {
  store: Store;
  config: StewardConfig;
  catalogue: AnalysisCatalogue;
  clock: Clock;
  /** The registry's platforms (the CLI hands them in: the server imports no platform). */
  platforms: readonly PlatformInfo[];
  /** How POST /scans scans; without it, POST /scans answers 409. */
  scan?: ScanFunction;
  /** Scans run elsewhere (a `serve --workers` worker follows its primary's); replaces `scan`. */
  scans?: Scans;
  /** The token verifier (a worker keeps it to forget tokens another worker revoked) and who to tell of revokes. */
  tokens?: TokenVerifier;
  announceRevoked?: (tokenId: string) => Promise<void>;
  /** Remediation actions and tenant access (the CLI hands them in); absent = remediation routes answer 409. */
  remediation?: RemediationService;
  /** Sends events through the configured notifications (review reminders); never throws. */
  notify?: ApiDeps['notify'];
  /** HTTPS: PEM key and certificate. */
  https?: { key: Buffer; cert: Buffer };
}

/**
 * The REST API (docs/api.md) and the dashboard, as a Fastify app: `app.inject` in tests, `app.listen` in
 * `steward serve`. No request logging at all, so no Authorization header can reach a log.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  // Identity ids (path parameters) can be long: ARNs, resource paths.
  const base = { logger: false, routerOptions: { maxParamLength: 2048 } } as const;
  const app = (options.https
    ? Fastify({ ...base, https: options.https })
    : Fastify(base)) as unknown as FastifyInstance;
  const deps: ApiDeps = {
    store: options.store,
    config: options.config,
    catalogue: options.catalogue,
    clock: options.clock,
    platforms: options.platforms,
    tokens: options.tokens ?? new TokenVerifier(options.store.db),
    scans: options.scans ?? new ScanManager(options.scan ?? null),
    announceRevoked: options.announceRevoked,
    cache: new FigureCache(),
    remediation: options.remediation,
    notify: options.notify,
  };
  const served: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') served.push(`${method} ${r.url}`);
  });
  app.decorate('stewardRoutes', served);
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });
  app.setErrorHandler(errorHandler);
  const running = new RunningHandlers();
  // `close()` resolves once the handlers still running have finished: the caller closes the store after it.
  app.addHook('onClose', () => running.idle());
  for (const r of ROUTES) registerRoute(app, r, deps, running);
  const document = openApiDocument(ROUTES);
  for (const path of ['/openapi.json', `${API_PREFIX}/openapi.json`]) app.get(path, async () => document);
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/'))
      return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
    return serveDashboard(request, reply);
  });
  return app;
}

function errorHandler(error: unknown, _request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) return reply.code(error.status).send(errorBody(error.code, error.message));
  const status = (error as { statusCode?: number }).statusCode;
  // Fastify's own client errors: a body that is not JSON, too large, an unsupported content type.
  if (status && status >= 400 && status < 500)
    return reply.code(400).send(errorBody('bad_request', (error as Error).message));
  process.stderr.write(`steward serve: ${(error as Error).stack ?? String(error)}\n`);
  return reply.code(500).send(errorBody('internal', 'internal error (see the server log)'));
}

/** Parses one part of a request, naming the field on failure: `query.limit: Too big: expected number to be <=500`. */
function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? (where === 'body' ? {} : value));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [where, ...issue.path.map(String)].join('.');
  throw new ApiError('bad_request', `${field}: ${issue.message}`);
}

async function authorize(deps: ApiDeps, r: Route, request: FastifyRequest): Promise<Principal | null> {
  if (r.access === 'public') return null;
  const principal = await deps.tokens.verify(request.headers.authorization);
  if (!roleAllows(principal.role, r.access))
    throw new ApiError(
      'forbidden',
      `${r.method} ${API_PREFIX}${r.path} needs the ${r.access} role (this token is ${principal.role})`,
    );
  return principal;
}

/**
 * The route handlers still running. A client that hangs up ends its connection, so the HTTP server may close, but
 * not its handler, which can still be reading the store.
 */
class RunningHandlers {
  private count = 0;
  private readonly waiting: Array<() => void> = [];

  async run<T>(handler: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await handler();
    } finally {
      this.count--;
      if (this.count === 0) for (const resolve of this.waiting.splice(0)) resolve();
    }
  }

  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}

function registerRoute(app: FastifyInstance, r: Route, deps: ApiDeps, running: RunningHandlers): void {
  app.route({
    method: r.method,
    url: `${API_PREFIX}${r.path}`,
    handler: (request, reply) => running.run(() => handle(r, deps, request, reply)),
  });
}

async function handle(r: Route, deps: ApiDeps, request: FastifyRequest, reply: FastifyReply) {
  const principal = await authorize(deps, r, request);
  const input = {
    params: parse(r.params, request.params, 'params'),
    query: parse(r.query, request.query, 'query'),
    body: parse(r.body, request.body, 'body'),
    principal,
    deps,
    request,
    reply,
  };
  const result = await r.handler(input);
  if (r.stream) return reply;
  reply.header('cache-control', 'no-store');
  return reply.code(r.status ?? 200).send(result);
}
