import cluster, { type Worker } from 'node:cluster';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { UserError } from '../../../lib/errors.js';
import { PLATFORMS } from '../../../platforms/registry.js';
import type { Store } from '../../../store/index.js';
import { jobLabel, type SyncEvent } from '../../../sync/engine.js';
import type { PlatformInfo } from '../../api/deps.js';
import { TokenVerifier } from '../../api/auth.js';
import { broadcastingListener, serveWorker, workerLink } from '../../api/cluster.js';
import { type ScanEvent, type ScanFunction, ScanManager } from '../../api/scans.js';
import { buildServer } from '../../api/server.js';
import { REMEDIATION_ACTIONS } from '../../../platforms/registry.js';
import { cliRunner } from '../remediation-runner.js';
import { type CliContext, cliContext } from '../context.js';
import { intOption } from '../options.js';
import { scanAndAnalyze, validateBeforeScan } from './scan.js';
import { notificationTargets, notifyAndReport, notifyPlanWaiting } from '../notifications.js';
import { newFindingEvents } from '../../../notifications/index.js';

export const DEFAULT_PORT = 8787;

export interface ServeOptions {
  port: number;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  workers?: number;
}

/** What the registry says of each platform, for GET /platforms (the server itself imports no platform). */
export const platformInfo = (): PlatformInfo[] =>
  PLATFORMS.map((p) => ({ id: p.id, title: p.title, nativeTypes: Object.keys(p.connector.facts) }));

/** A sync event as the dashboard's scan progress: per tenant counts while running, per source outcomes when done. */
function scanEvents(e: SyncEvent): ScanEvent[] {
  // A split tenant's scopes (a threaded scan) are one line each: `platform:tenant#scope`.
  const tenant = jobLabel(e.job);
  if (e.type === 'start') return [{ event: 'progress', data: { tenant, runId: e.runId, state: 'started' } }];
  if (e.type === 'progress')
    return [{ event: 'progress', data: { tenant, runId: e.runId, counts: e.counts, apiCalls: e.apiCalls } }];
  return [
    ...e.run.sources.map((s) => ({
      event: 'source' as const,
      data: { tenant, runId: e.run.id, source: s.source, outcome: s.status, message: s.problem?.message ?? null },
    })),
    { event: 'progress', data: { tenant, runId: e.run.id, state: e.run.status, counts: e.run.counts } },
  ];
}

/** POST /scans runs `steward scan`'s own code in this process (tenant lock respected: a busy tenant is refused). */
export function scanFunction(ctx: CliContext, store: Store): ScanFunction {
  const targets = notificationTargets(ctx);
  return async (request, emit) => {
    validateBeforeScan(ctx, request);
    const since = ctx.clock.now().toISOString();
    const outcome = await scanAndAnalyze(ctx, store, {
      ...request,
      quiet: true,
      lockWaitSeconds: 0,
      onEvent: (e) => {
        for (const event of scanEvents(e)) emit(event);
      },
    });
    await notifyAndReport(ctx, store, targets, () => newFindingEvents(store, since));
    return {
      runs: outcome.runs.map((r) => ({ id: r.id, platform: r.platform, tenant: r.tenant, status: r.status })),
      analysis: outcome.analysis,
    };
  };
}

function tlsFiles(opts: ServeOptions): { key: Buffer; cert: Buffer } | undefined {
  if (!opts.tlsCert && !opts.tlsKey) return undefined;
  if (!opts.tlsCert || !opts.tlsKey) throw new UserError('--tls-cert and --tls-key go together');
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new UserError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
  };
  return { cert: read('--tls-cert', opts.tlsCert), key: read('--tls-key', opts.tlsKey) };
}

/** Builds the server over an open store and listens; returns it and its base URL. */
export async function startServer(
  ctx: CliContext,
  store: Store,
  opts: ServeOptions,
  worker?: ReturnType<typeof workerLink> & { tokens: TokenVerifier },
): Promise<{ app: FastifyInstance; url: string }> {
  const https = tlsFiles(opts);
  const targets = notificationTargets(ctx);
  const app = await buildServer({
    store,
    config: ctx.config,
    catalogue: ctx.catalogue,
    clock: ctx.clock,
    platforms: platformInfo(),
    remediation: {
      actions: [...REMEDIATION_ACTIONS.values()],
      ...cliRunner(ctx),
      onPlanSaved: (plan) => notifyPlanWaiting(ctx, store, targets, plan),
    },
    notify: (events) => notifyAndReport(ctx, store, targets, events),
    https,
    ...(worker
      ? { scans: worker.scans, tokens: worker.tokens, announceRevoked: worker.announceRevoked }
      : { scan: scanFunction(ctx, store) }),
  });
  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot listen on ${opts.host}:${opts.port} (${code ?? (error as Error).message})`);
  }
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  // --port 0 lets the system pick: tell the port it picked.
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return { app, url: `${https ? 'https' : 'http'}://${host}:${port}` };
}

export const untilStopped = () =>
  new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the REST API and the web dashboard (docs/api.md); create a token with `steward tokens create`')
    .option('--port <n>', 'TCP port', intOption(0, 65_535), DEFAULT_PORT)
    .option('--host <address>', 'address to bind (use 0.0.0.0 only behind TLS)', '127.0.0.1')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option(
      '--workers <n>',
      'processes answering requests on the port (node:cluster); scans still run one at a time',
      intOption(1, 64),
      1,
    )
    .action(async (opts: ServeOptions, command: Command) => {
      const ctx = cliContext(command);
      const store = await ctx.openStore();
      try {
        if ((opts.workers ?? 1) > 1 && cluster.isPrimary) await servePrimary(ctx, store, opts);
        else if (cluster.isWorker) await serveAsWorker(ctx, store, opts);
        else await serveAlone(ctx, store, opts);
      } finally {
        await store.close();
      }
    });
}

const announce = (ctx: CliContext, url: string, workers: number) => {
  const processes = workers > 1 ? ` (${workers} processes)` : '';
  ctx.out(
    `Steward API and dashboard at ${url}/${processes} (API: ${url}/api/v1, OpenAPI: ${url}/openapi.json). Ctrl-C stops.`,
  );
  ctx.out(`Open ${url}/#token=<token> with a token from \`steward tokens create --name NAME --role viewer\`.`);
};

async function serveAlone(ctx: CliContext, store: Store, opts: ServeOptions): Promise<void> {
  const { app, url } = await startServer(ctx, store, opts);
  announce(ctx, url, 1);
  await untilStopped();
  await app.close();
}

/** The primary of `--workers N`: runs the scans, forks the workers, passes events and revokes between them. */
async function servePrimary(ctx: CliContext, store: Store, opts: ServeOptions): Promise<void> {
  const workers = opts.workers ?? 1;
  const scans = new ScanManager(scanFunction(ctx, store), broadcastingListener());
  const urls: string[] = [];
  const allListening = new Promise<void>((resolve, reject) => {
    for (let n = 0; n < workers; n++) {
      const worker = cluster.fork();
      serveWorker(worker, scans, (url) => {
        urls.push(url);
        if (urls.length === workers) resolve();
      });
      worker.once('exit', (code) => {
        if (urls.length < workers) reject(new UserError(`a serve worker exited with ${code} before listening`));
      });
    }
  });
  await allListening;
  announce(ctx, urls[0], workers);
  await untilStopped();
  await stopWorkers();
}

const WORKER_STOP_MS = 10_000;

/**
 * Asks every worker to finish its in-flight requests and stop, and waits for them (the primary's store, closed after
 * this, must outlive the scans it runs for them); a worker still running after WORKER_STOP_MS is killed.
 */
async function stopWorkers(): Promise<void> {
  const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  await Promise.all(
    running.map(
      (worker) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => worker.process.kill('SIGKILL'), WORKER_STOP_MS);
          worker.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          worker.process.kill('SIGTERM');
        }),
    ),
  );
}

/** One worker of `--workers N`: answers requests; scans and revokes go through the primary. */
async function serveAsWorker(ctx: CliContext, store: Store, opts: ServeOptions): Promise<void> {
  const tokens = new TokenVerifier(store.db);
  const link = workerLink((tokenId) => tokens.forget(tokenId));
  const { app, url } = await startServer(ctx, store, opts, { ...link, tokens });
  link.listening(url);
  await untilStopped();
  await app.close();
}
