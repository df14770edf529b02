import { admin, type admin_directory_v1, type admin_reports_v1 } from '@googleapis/admin';
import { type AuthClient, GoogleAuth, JWT, OAuth2Client } from 'google-auth-library';
import type { ScanContext } from '../../../sync/connector.js';
import { VendorCallError } from '../../../sync/failure.js';
import { httpFetch } from '../../../sync/http-fetch.js';
import type { GoogleOptions } from './options.js';

/**
 * The official Google clients (@googleapis/admin directory_v1 and reports_v1; the Cloud part builds its own from
 * `authFor` and `rootUrl`) with google-auth-library credentials, and one `call` wrapper every request goes through:
 * one attempt = one counted API call under the attempt timeout and the source's signal; 429, the Directory API's
 * 403 rate-limit reasons and 5xx answers retried with exponential backoff and jitter (each retry counted); anything
 * else thrown as a VendorCallError naming the method, URL template, status and Google's reason.
 */

export const SCOPES = {
  users: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  tokens: 'https://www.googleapis.com/auth/admin.directory.user.security',
  reports: 'https://www.googleapis.com/auth/admin.reports.audit.readonly',
  cloud: 'https://www.googleapis.com/auth/cloud-platform',
} as const;

const WORKSPACE_SCOPES = [SCOPES.users, SCOPES.tokens, SCOPES.reports];

/** Reasons Google gives to "slow down" (Directory API: 403 userRateLimitExceeded / quotaExceeded; others: 429). */
const RATE_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded', 'quotaExceeded', 'RESOURCE_EXHAUSTED']);

/** What a Google error body says: `{ error: { code, message, status, errors: [{ reason, domain, message }] } }`. */
export interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; errors?: Array<{ reason?: string; message?: string }> };
}

type Ctx = ScanContext<GoogleOptions>;

interface GaxiosLike {
  status?: number;
  code?: string | number;
  name?: string;
  message?: string;
  response?: { status?: number; data?: unknown };
}

/** An access token used as is: no token endpoint is called (tests against the emulator, tokens minted elsewhere). */
function staticToken(token: string): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 10 * 365 * 86_400_000 });
  return client;
}

interface KeyFile {
  client_email?: string;
  private_key?: string;
  type?: string;
}

/**
 * The credential for one part: a service-account key JSON (Workspace: with `subject`, i.e. domain-wide delegation),
 * else Application Default Credentials (attached service account or workload identity federation).
 */
export async function authFor(options: GoogleOptions, part: 'workspace' | 'cloud'): Promise<AuthClient> {
  if (options.accessToken) return staticToken(options.accessToken);
  const scopes = part === 'workspace' ? WORKSPACE_SCOPES : [SCOPES.cloud];
  const subject = part === 'workspace' ? options.subject : undefined;
  if (options.credentials) {
    let key: KeyFile;
    try {
      key = JSON.parse(options.credentials) as KeyFile;
    } catch {
      throw new Error('google: options.credentials is not a service-account key JSON (it does not parse as JSON)');
    }
    if (key.type !== 'service_account' || !key.client_email || !key.private_key)
      throw new Error(
        'google: options.credentials is not a service-account key JSON (type, client_email, private_key)',
      );
    return new JWT({ email: key.client_email, key: key.private_key, scopes, subject });
  }
  return new GoogleAuth({ scopes, clientOptions: subject ? { subject } : undefined }).getClient();
}

/** Google's reason for an error answer: errors[0].reason, else the status word (RESOURCE_EXHAUSTED), else null. */
export function reasonOf(data: unknown): string | null {
  const e = (data as GoogleErrorBody | undefined)?.error;
  return e?.errors?.[0]?.reason ?? e?.status ?? null;
}

const isRetryable = (status: number, reason: string | null): boolean =>
  status === 429 || status >= 500 || (status === 403 && reason !== null && RATE_REASONS.has(reason));

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Per-request options every call passes: gaxios' own retry off (ours counts), timeout, the source's signal. */
export interface CallOptions {
  retry: false;
  timeout: number;
  signal: AbortSignal;
  /** httpFetch: Node's fetch costs more CPU per call than node:http (src/sync/http-fetch.ts). */
  fetchImplementation: typeof fetch;
}

/** gaxios types its fetch as the DOM's; it reads only what httpFetch's answer has (status, headers, text, body). */
const sdkFetch = httpFetch as unknown as typeof fetch;

export class GoogleCalls {
  constructor(private readonly ctx: Ctx) {}

  /**
   * One Google API method: `call` is the documented 'GET /path/{param}' (for errors and metrics), `request` the SDK
   * call with the per-request options. Returns the response body.
   */
  async call<T>(call: string, signal: AbortSignal, request: (o: CallOptions) => Promise<{ data: T }>): Promise<T> {
    const { maxRetries, retryBaseMs, requestTimeoutMs } = this.ctx.options;
    for (let attempt = 0; ; attempt++) {
      this.ctx.metrics.apiCall(call);
      try {
        const answer = await request({
          retry: false,
          timeout: requestTimeoutMs,
          signal,
          fetchImplementation: sdkFetch,
        });
        return bodyOf(call, answer.data);
      } catch (error) {
        if (signal.aborted) throw signal.reason ?? error;
        const e = error as GaxiosLike;
        const status = e.status ?? e.response?.status;
        const reason = reasonOf(e.response?.data);
        if (status !== undefined && isRetryable(status, reason) && attempt < maxRetries) {
          this.ctx.metrics.retry(status === 429 || status === 403 ? 'throttled' : `http ${status}`);
          await sleep(retryBaseMs * 2 ** attempt * (0.5 + Math.random() / 2), signal);
          continue;
        }
        throw vendorError(call, error);
      }
    }
  }
}

/**
 * Every method read here answers a JSON object. gaxios hands over the raw text when the body does not parse (a body
 * cut mid-document): that is a malformed answer, never an empty list.
 */
function bodyOf<T>(call: string, data: T): T {
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) return data;
  throw new VendorCallError(`Google answered ${call} with a body that is not a JSON object (cut short?)`, {
    kind: 'malformed',
    call,
  });
}

/** A gaxios error → a VendorCallError the tracker can describe (status, Google's reason, method + URL template). */
export function vendorError(call: string, error: unknown): Error {
  const e = error as GaxiosLike;
  const status = e.status ?? e.response?.status;
  if (status !== undefined) {
    const body = (e.response?.data as GoogleErrorBody | undefined)?.error;
    const reason = reasonOf(e.response?.data);
    return new VendorCallError(
      `Google answered ${call} with HTTP ${status}${reason ? ` ${reason}` : ''}: ${body?.message ?? e.message ?? ''}`,
      { kind: 'http', call, httpStatus: status, vendorCode: reason ?? undefined },
      { cause: error },
    );
  }
  // gaxios enforces `timeout` with an AbortSignal: an abort the source's own signal did not cause (call() rethrows
  // those first) is the attempt's timeout.
  const names = [e.name, (e as { cause?: { name?: string } }).cause?.name];
  const timeout = names.some((n) => n === 'AbortError' || n === 'TimeoutError') || e.code === 'ETIMEDOUT';
  return new VendorCallError(
    `${timeout ? 'timeout' : 'network error'} calling ${call}: ${timeout ? 'no answer within the request timeout' : (e.message ?? String(error))}`,
    { kind: timeout ? 'timeout' : 'network', call },
    { cause: error },
  );
}

/** The Workspace clients (Directory and Reports), impersonating the subject. */
export interface WorkspaceClients {
  directory: admin_directory_v1.Admin;
  reports: admin_reports_v1.Admin;
}

export function workspaceClients(auth: AuthClient, options: GoogleOptions): WorkspaceClients {
  const rootUrl = options.rootUrl;
  return {
    directory: admin({ version: 'directory_v1', auth: auth as never, ...(rootUrl ? { rootUrl } : {}) }),
    reports: admin({ version: 'reports_v1', auth: auth as never, ...(rootUrl ? { rootUrl } : {}) }),
  };
}
