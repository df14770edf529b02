import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { generate as generateCertificate } from 'selfsigned';
import { FaultController } from './faults.js';

/** How a vendor says "slow down" and "server error" on the wire; each emulator supplies its own. */
export interface VendorFaults {
  throttle(reply: FastifyReply, retryAfterSeconds: number): FastifyReply | Promise<FastifyReply>;
  serverError(reply: FastifyReply): FastifyReply | Promise<FastifyReply>;
  /** The vendor's own refusal: 403 (no permission / not licensed) or 404 (not found / feature off). */
  refuse(reply: FastifyReply, status: 403 | 404): FastifyReply | Promise<FastifyReply>;
  /** Makes the first item of a list page malformed (default for JSON: drops its `id`, or replaces it with a string). */
  malformItem?(body: string): string;
}

export interface EmulatorOptions {
  name: string;
  /** Serve HTTPS with a fresh self-signed certificate for 127.0.0.1/localhost (Graph requires it). */
  tls?: boolean;
  port?: number;
  host?: string;
  faults: VendorFaults;
  /** Registers the vendor's routes. `baseUrl()` is known once listening (for absolute next links). */
  routes(app: FastifyInstance, baseUrl: () => string): void | Promise<void>;
  /** Parses request bodies of these content types as raw strings (e.g. awsQuery form posts). */
  rawBodyTypes?: string[];
  /** Path prefix that endpoint declarations leave out (Graph: /v1.0, /beta). */
  versionPrefix?: RegExp;
  /** The operation name of a query-API request, matched by 'service:Action' endpoint faults (AWS). */
  operation?(request: FastifyRequest): string | undefined;
}

/** The first array of objects in a JSON value, depth first (a page's item list). */
function firstItemList(value: unknown, depth = 0): unknown[] | undefined {
  if (depth > 4 || !value || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return value.length && typeof value[0] === 'object' ? value : undefined;
  for (const v of Object.values(value)) {
    const found = firstItemList(v, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function malformFirstJsonItem(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  const items = firstItemList(parsed);
  if (!items) return body;
  const first = items[0] as Record<string, unknown>;
  if ('id' in first) delete first.id;
  else items[0] = 'malformed-item';
  return JSON.stringify(parsed);
}

export interface RunningEmulator {
  name: string;
  url: string;
  /** PEM of the self-signed CA/leaf when tls is on, for NODE_EXTRA_CA_CERTS or an https.Agent. */
  certificate: string | null;
  faults: FaultController;
  /** Requests answered, by route pattern (what the connector cost the vendor). */
  requestCounts: Map<string, number>;
  totalRequests(): number;
  /** The most requests this emulator was answering at the same time (what a client's concurrency limit allowed). */
  peakInFlight(): number;
  close(): Promise<void>;
}

async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const attrs = [{ name: 'commonName', value: '127.0.0.1' }];
  const pems = await generateCertificate(attrs, {
    keySize: 2048,
    days: 365,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  } as never);
  return { key: pems.private, cert: pems.cert };
}

type FaultedRequest = FastifyRequest & { endpointFault?: string };

/** Starts a vendor emulator on a free local port (Fastify: routing, body parsing, keep-alive handled for us). */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const tls = options.tls ? await selfSignedCertificate() : null;
  const app: FastifyInstance = (tls
    ? Fastify({ https: { key: tls.key, cert: tls.cert }, logger: false, bodyLimit: 50 * 1024 * 1024 })
    : Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 })) as unknown as FastifyInstance;
  for (const type of options.rawBodyTypes ?? []) {
    app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
  const faults = new FaultController();
  const requestCounts = new Map<string, number>();
  let baseUrl = '';
  let inFlight = 0;
  let peakInFlight = 0;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
    requestCounts.set(route, (requestCounts.get(route) ?? 0) + 1);
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    // 'close' fires once the response is sent or the connection dropped, hijacked replies included.
    reply.raw.once('close', () => inFlight--);
    const decision = faults.next();
    if (faults.current.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.current.latencyMs));
    if (decision === 'throttle') return options.faults.throttle(reply, faults.current.retryAfterSeconds);
    if (decision === 'server_error') return options.faults.serverError(reply);
    if (decision === 'truncate') {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '4096' });
      reply.raw.write('{"truncated":[{"id":1,');
      reply.raw.destroy();
      return reply;
    }
  });

  // After body parsing: a query API's operation ('iam:ListUsers') is in the form body.
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.url.split('?')[0] ?? '').replace(options.versionPrefix ?? /^$/, '');
    const endpointFault = faults.endpointFault(request.method, path, options.operation?.(request));
    if (endpointFault) {
      (request as FaultedRequest).endpointFault = endpointFault.fault;
      if (endpointFault.fault === '403' || endpointFault.fault === '404')
        return options.faults.refuse(reply, Number(endpointFault.fault) as 403 | 404);
      if (endpointFault.fault === '500') return options.faults.serverError(reply);
      if (endpointFault.fault === 'slow') await new Promise((r) => setTimeout(r, endpointFault.delayMs));
    }
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const fault = (request as FaultedRequest).endpointFault;
    if (typeof payload !== 'string' || reply.statusCode >= 300) return payload;
    if (fault === 'malformed-item') return (options.faults.malformItem ?? malformFirstJsonItem)(payload);
    if (fault === 'truncate') {
      // Announce the whole body, send half, then drop the connection: the body really ends mid-document.
      reply.header('content-length', String(Buffer.byteLength(payload)));
      reply.raw.once('finish', () => reply.raw.socket?.destroy());
      return payload.slice(0, Math.floor(payload.length / 2));
    }
    return payload;
  });

  await options.routes(app, () => baseUrl);
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  baseUrl = address.replace('localhost', '127.0.0.1').replace('[::1]', '127.0.0.1');
  return {
    name: options.name,
    url: baseUrl,
    certificate: tls?.cert ?? null,
    faults,
    requestCounts,
    totalRequests: () => [...requestCounts.values()].reduce((a, b) => a + b, 0),
    peakInFlight: () => peakInFlight,
    close: async () => {
      await app.close();
    },
  };
}
