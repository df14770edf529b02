import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type AuthenticationProvider,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import { setMaxListeners } from 'node:events';
import type { ScanContext } from '../../../sync/connector.js';
import { VendorCallError } from '../../../sync/failure.js';
import type { EntraOptions } from './options.js';
import { Transport, TruncatedBodyError } from './transport.js';

/** Collapses ids and tokens out of a URL path so API-call counts group by endpoint. */
export function endpointOf(method: string, url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
    .replace(/\/(v1\.0|beta)\//, '/$1/');
  return `${method} ${path}`;
}

function headersOf(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers)
    h.forEach((v, k) => {
      out[k] = v;
    });
  else if (Array.isArray(h)) for (const [k, v] of h as Array<[string, string]>) out[k] = v;
  else for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (v !== undefined) out[k] = String(v);
  return out;
}

/**
 * Per-request options the Graph wrapper (graph.ts) hands the transport: the signal of the source being read, and
 * where the transport leaves the error it failed with. The SDK turns a middleware's error into a GraphError that
 * keeps only its message, so the wrapper takes the real one (network code, timeout, call) from here.
 */
export class CallProbe implements MiddlewareOptions {
  failure: unknown = undefined;
  constructor(readonly signal: AbortSignal | undefined) {}
}

/** Connection-level retries: a reset or a cut body is retried briefly; throttling is the RetryHandler's job. */
const CONNECTION_RETRIES = 2;

/** 'GET /servicePrincipals/{id}/owners'-style call of a URL: its path without the version segment or query. */
export function callOf(method: string, url: string): string {
  const path = (/^https?:\/\//.test(url) ? new URL(url).pathname : url.split('?')[0]).replace(
    /^\/(v1\.0|beta)(?=\/)/,
    '',
  );
  return `${method} ${path}`;
}

/** What a failed attempt was, as the tracker reads it (src/sync/failure.ts); timeouts and cancels are never retried. */
function transportFailure(error: unknown, call: string, timedOut: boolean, timeoutMs: number): VendorCallError {
  if (timedOut)
    return new VendorCallError(
      `no answer within ${timeoutMs} ms (requestTimeoutMs)`,
      { kind: 'timeout', call },
      { cause: error },
    );
  const message = (error as Error).message ?? String(error);
  if (error instanceof TruncatedBodyError)
    return new VendorCallError(message, { kind: 'malformed', call }, { cause: error });
  // describeFailure finds a network code (ECONNREFUSED, ENOTFOUND, TLS) on the cause and reports 'network'.
  return new VendorCallError(message, { call }, { cause: error });
}

/**
 * The last middleware of the Graph client: sends the request through our HTTPS transport (custom CA support) under
 * a per-request timeout, counts every attempt as an API call, and retries connection-level failures (reset,
 * truncated body) a couple of times; status-level retries (429/503/504 with Retry-After) are the SDK's RetryHandler's.
 */
class TransportHandler implements Middleware {
  constructor(
    private transport: Transport,
    private ctx: ScanContext<EntraOptions>,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const method = (options.method ?? 'GET').toUpperCase();
    const headers = headersOf(options.headers);
    headers['user-agent'] = 'steward-nhi-scanner';
    const body = typeof options.body === 'string' ? options.body : undefined;
    const probe = context.middlewareControl?.getMiddlewareOptions(CallProbe) as CallProbe | undefined;
    const { requestTimeoutMs, maxRetries } = this.ctx.options;
    for (let attempt = 0; ; attempt++) {
      this.ctx.metrics.apiCall(endpointOf(method, url));
      const timeout = AbortSignal.timeout(requestTimeoutMs);
      const signal = AbortSignal.any([this.ctx.signal, timeout, ...(probe?.signal ? [probe.signal] : [])]);
      try {
        context.response = await this.transport.send(url, { method, headers, body, signal });
        return;
      } catch (error) {
        // A cancelled scan or a source past its deadline: the tracker reports that, not this request.
        if (this.ctx.signal.aborted || probe?.signal?.aborted) throw error;
        const failure = transportFailure(error, callOf(method, url), timeout.aborted, requestTimeoutMs);
        if (timeout.aborted || attempt >= Math.min(maxRetries, CONNECTION_RETRIES)) {
          if (probe) probe.failure = failure;
          throw failure;
        }
        this.ctx.metrics.retry(`${failure.message} on ${endpointOf(method, url)}`);
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  setNext(): void {
    // terminal
  }
}

const TOKEN_CALL = 'POST /{tenant}/oauth2/v2.0/token';

/**
 * Client-credentials token from the Microsoft identity platform v2 endpoint (plain HTTPS, no MSAL). A failure is
 * a VendorCallError naming the token call (kept in `lastFailure`: the SDK hands Graph calls only its message).
 */
export class ClientCredentialsProvider implements AuthenticationProvider {
  private cached: { token: string; expiresAt: number } | null = null;
  lastFailure: VendorCallError | null = null;

  constructor(
    private transport: Transport,
    private ctx: ScanContext<EntraOptions>,
    private authorityHost: string,
    private tenantId: string,
    private clientId: string,
    private clientSecret: string,
  ) {}

  async getAccessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - 120_000 > Date.now()) return this.cached.token;
    try {
      const token = await this.requestToken();
      this.lastFailure = null;
      return token;
    } catch (error) {
      if (error instanceof VendorCallError) this.lastFailure = error;
      throw error;
    }
  }

  private async requestToken(): Promise<string> {
    const url = `${this.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(this.tenantId)}/oauth2/v2.0/token`;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    this.ctx.metrics.apiCall(TOKEN_CALL);
    const timeout = AbortSignal.timeout(this.ctx.options.requestTimeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.transport.send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.any([this.ctx.signal, timeout]),
      });
      text = await response.text();
    } catch (error) {
      if (this.ctx.signal.aborted) throw error;
      const failure = transportFailure(error, TOKEN_CALL, timeout.aborted, this.ctx.options.requestTimeoutMs);
      throw new VendorCallError(
        `cannot reach the Microsoft identity platform at ${this.authorityHost} (${failure.message}); check options.authorityHost and the network`,
        failure.details,
        { cause: error },
      );
    }
    return this.tokenOf(response, text);
  }

  private tokenOf(response: Response, text: string): string {
    let json: { access_token?: string; expires_in?: number; error?: string; error_description?: string } = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      // fall through with an empty body
    }
    if (!response.ok || !json.access_token) {
      const why = json.error_description?.split('\r\n')[0] ?? json.error ?? `HTTP ${response.status}`;
      throw new VendorCallError(
        `Entra token request for tenant ${this.tenantId} and client ${this.clientId} failed: ${why}. Check options.tenantId, options.clientId and the clientSecret reference.`,
        { kind: 'http', call: TOKEN_CALL, httpStatus: response.status, vendorCode: json.error },
      );
    }
    this.cached = { token: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3599) * 1000 };
    return json.access_token;
  }
}

export interface GraphSession {
  client: Client;
  transport: Transport;
  /** Gets a token now (client credentials), so a bad secret fails the scan before any source is read. */
  authenticate(): Promise<void>;
  /** The last token failure, with its call and status (the SDK reports a Graph call's auth failure by message only). */
  authFailure(): VendorCallError | null;
  close(): void;
}

/** Builds the Graph SDK client for one scan: auth, SDK retries (counted), our HTTPS transport (counted). */
export function createGraphSession(options: EntraOptions, ctx: ScanContext<EntraOptions>): GraphSession {
  const transport = new Transport(options.caCertificate);
  // Every in-flight request listens to the scan's abort signal; concurrency exceeds Node's default warning level.
  setMaxListeners(Math.max(32, options.concurrency * 4), ctx.signal);
  const credentials = options.token
    ? null
    : new ClientCredentialsProvider(
        transport,
        ctx,
        options.authorityHost,
        options.tenantId,
        options.clientId!,
        options.clientSecret!,
      );
  const authProvider: AuthenticationProvider = credentials ?? { getAccessToken: async () => options.token as string };
  const retryOptions = new RetryHandlerOptions(
    options.retryDelaySeconds,
    options.maxRetries,
    (_delay, attempt, request, _opts, response) => {
      const url = typeof request === 'string' ? request : (request as Request).url;
      const r = response as Response;
      ctx.metrics.retry(
        `HTTP ${r.status} (attempt ${attempt + 1}, Retry-After ${r.headers.get('retry-after') ?? 'none'}) on ${endpointOf('GET', url)}`,
      );
      return true;
    },
  );
  const base = new URL(options.graphBaseUrl);
  const client = Client.initWithMiddleware({
    baseUrl: `${base.origin}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([base.hostname]),
    middleware: [
      new AuthenticationHandler(authProvider),
      new RetryHandler(retryOptions),
      new TransportHandler(transport, ctx),
    ],
  });
  return {
    client,
    transport,
    authenticate: async () => {
      await credentials?.getAccessToken();
    },
    authFailure: () => credentials?.lastFailure ?? null,
    close: () => transport.close(),
  };
}
