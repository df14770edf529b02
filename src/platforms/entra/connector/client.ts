import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { setMaxListeners } from 'node:events';
import type { ScanContext } from '../../../sync/connector.js';
import type { EntraOptions } from './options.js';
import { Transport } from './transport.js';

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
 * The last middleware of the Graph client: sends the request through our HTTPS transport (custom CA support),
 * counts every attempt as an API call, and retries connection-level failures (reset, truncated body) itself;
 * status-level retries (429/503/504 with Retry-After) are the SDK's RetryHandler's job.
 */
class TransportHandler implements Middleware {
  constructor(
    private transport: Transport,
    private ctx: ScanContext<EntraOptions>,
    private maxRetries: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const method = (options.method ?? 'GET').toUpperCase();
    const headers = headersOf(options.headers);
    headers['user-agent'] = 'steward-nhi-scanner';
    const body = typeof options.body === 'string' ? options.body : undefined;
    for (let attempt = 0; ; attempt++) {
      this.ctx.metrics.apiCall(endpointOf(method, url));
      try {
        context.response = await this.transport.send(url, { method, headers, body, signal: this.ctx.signal });
        return;
      } catch (error) {
        if (this.ctx.signal.aborted || attempt >= this.maxRetries) throw error;
        this.ctx.metrics.retry(`${(error as Error).message} on ${endpointOf(method, url)}`);
        await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 5000)));
      }
    }
  }

  setNext(): void {
    // terminal
  }
}

/** Client-credentials token from the Microsoft identity platform v2 endpoint (plain HTTPS, no MSAL). */
export class ClientCredentialsProvider implements AuthenticationProvider {
  private cached: { token: string; expiresAt: number } | null = null;

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
    const url = `${this.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(this.tenantId)}/oauth2/v2.0/token`;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    this.ctx.metrics.apiCall('POST /{tenant}/oauth2/v2.0/token');
    let response: Response;
    try {
      response = await this.transport.send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: this.ctx.signal,
      });
    } catch (error) {
      throw new Error(
        `cannot reach the Microsoft identity platform at ${this.authorityHost} (${(error as Error).message}); check options.authorityHost and the network`,
      );
    }
    const text = await response.text();
    let json: { access_token?: string; expires_in?: number; error?: string; error_description?: string } = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      // fall through with an empty body
    }
    if (!response.ok || !json.access_token) {
      const why = json.error_description?.split('\r\n')[0] ?? json.error ?? `HTTP ${response.status}`;
      throw new Error(
        `Entra token request for tenant ${this.tenantId} and client ${this.clientId} failed: ${why}. Check options.tenantId, options.clientId and the clientSecret reference.`,
      );
    }
    this.cached = { token: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3599) * 1000 };
    return json.access_token;
  }
}

export interface GraphSession {
  client: Client;
  transport: Transport;
  close(): void;
}

/** Builds the Graph SDK client for one scan: auth, SDK retries (counted), our HTTPS transport (counted). */
export function createGraphSession(options: EntraOptions, ctx: ScanContext<EntraOptions>): GraphSession {
  const transport = new Transport(options.caCertificate);
  // Every in-flight request listens to the scan's abort signal; concurrency exceeds Node's default warning level.
  setMaxListeners(Math.max(32, options.concurrency * 4), ctx.signal);
  const authProvider: AuthenticationProvider = options.token
    ? { getAccessToken: async () => options.token as string }
    : new ClientCredentialsProvider(
        transport,
        ctx,
        options.authorityHost,
        options.tenantId,
        options.clientId!,
        options.clientSecret!,
      );
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
      new TransportHandler(transport, ctx, options.maxRetries),
    ],
  });
  return { client, transport, close: () => transport.close() };
}
