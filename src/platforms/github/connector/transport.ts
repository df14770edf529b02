import { VendorCallError } from '../../../sync/failure.js';
import { timedAttempt } from '../../../sync/timed-attempt.js';

/**
 * What one HTTP attempt may take and how its failures read: Octokit reports a request that got no HTTP answer
 * (refused, reset, DNS, TLS, aborted) as a RequestError with status 500 and the fetch error as `cause`, and hands back
 * the raw text when a JSON body does not parse. Left alone, a refused connection reads as "HTTP 500" and a body cut
 * off mid-way as an empty page. These helpers make both say what happened.
 */

export interface RequestOptions {
  method?: string;
  url?: string;
  request?: { signal?: AbortSignal; [key: string]: unknown };
  [key: string]: unknown;
}
type Request = (o: RequestOptions) => Promise<unknown>;
export type Hooked = {
  hook: { wrap(name: 'request', fn: (request: Request, options: RequestOptions) => Promise<unknown>): void };
};

interface Answer {
  status?: number;
  url?: string;
  data?: unknown;
}
interface Loose {
  name?: string;
  code?: unknown;
  status?: number;
  message?: string;
  cause?: unknown;
  response?: unknown;
  request?: { method?: string; url?: string };
}

/** Node, undici and OpenSSL codes that mean the connection failed (mirrors src/sync/failure.ts). */
const NETWORK_CODE = /^(E[A-Z]+|UND_ERR_\w+|ERR_TLS_\w+|ERR_SSL_\w+|CERT_\w+|UNABLE_TO_\w+|\w+_SELF_SIGNED_CERT\w*)$/;

function causes(error: unknown): Loose[] {
  const out: Loose[] = [];
  for (let e = error; e && typeof e === 'object' && out.length < 8; e = (e as Loose).cause) out.push(e as Loose);
  return out;
}

function networkCode(error: unknown): string | undefined {
  return causes(error)
    .map((e) => e.code)
    .find((code): code is string => typeof code === 'string' && NETWORK_CODE.test(code));
}

/** 'GET /orgs/acme/hooks' from the URL actually called (origin and query left out: they add nothing to a message). */
function callOf(method: string | undefined, url: string | undefined): string {
  let path = url ?? '';
  try {
    path = new URL(path).pathname;
  } catch {
    path = path.split('?')[0];
  }
  return `${method ?? 'GET'} ${path}`;
}

/** The reason of a retry, for the run's log: the HTTP status, else the network code, else the message. */
export function failureLabel(error: unknown): string {
  const e = error as Loose;
  if (e?.response !== undefined && typeof e.status === 'number') return `HTTP ${e.status}`;
  return networkCode(error) ?? e?.message ?? String(error);
}

/**
 * A body Octokit could not parse comes back as a string (a JSON body cut off mid-way, an HTML error page), and a
 * `{total_count, …}` list without its list cannot be unwrapped: both are malformed answers, never empty ones.
 */
function checkBody(answer: Answer, method: string | undefined): void {
  const data = answer.data;
  const malformed =
    (typeof data === 'string' && answer.status !== 204) ||
    (!!data &&
      typeof data === 'object' &&
      !Array.isArray(data) &&
      'total_count' in data &&
      !Object.values(data).some(Array.isArray));
  if (malformed) {
    const call = callOf(method, answer.url);
    throw new VendorCallError(`GitHub answered ${call} with a malformed body`, { kind: 'malformed', call });
  }
}

/**
 * One HTTP attempt under its own timeout, also aborted by the caller's `request.signal` (a source's deadline, a
 * cancelled scan). Each attempt has its own controller and removes its listener, so a source signal shared by
 * thousands of requests never accumulates them. A timeout is not retried (it leaves without `request`, which the
 * retry plugin requires); an abort by the caller rethrows the caller's reason.
 * The attempt's signal is set on `options` itself for the attempt's duration: the hooks below this one (auth) are
 * bound to that object and ignore a copy passed to them.
 */
export async function attemptWithTimeout(request: Request, options: RequestOptions, timeoutMs: number) {
  const own = options.request;
  const call = (error: unknown) => callOf(options.method, (error as Loose).request?.url ?? options.url);
  try {
    return await timedAttempt({ vendor: 'GitHub', call, timeoutMs, signal: own?.signal }, async (signal) => {
      options.request = { ...own, signal };
      const answer = (await request(options)) as Answer;
      if (!signal.aborted) checkBody(answer, options.method);
      return answer;
    });
  } finally {
    options.request = own;
  }
}

/**
 * GitHub's SAML SSO refusal — 403 with `X-GitHub-SSO: required; url=…` — reads like a missing permission unless
 * said: the message names SSO authorization and where to grant it (the source stays a 403 refusal, so `skipped`).
 */
export function ssoRefusal(error: unknown): unknown {
  const e = error as Loose & {
    response?: { headers?: Record<string, string | undefined>; data?: { message?: unknown } };
  };
  const sso = e?.status === 403 ? e.response?.headers?.['x-github-sso'] : undefined;
  if (!sso || !/^required\b/i.test(sso) || typeof e.message !== 'string') return error;
  const url = /\burl=(\S+)/.exec(sso)?.[1];
  const said = `SAML SSO authorization required: the token is not authorized for the organization's SAML single sign-on${
    url ? ` (authorize it at ${url})` : ''
  }`;
  e.message = `${said} — ${e.message}`;
  // The run's problem quotes GitHub's body message first.
  const data = e.response?.data;
  if (data && typeof data.message === 'string') data.message = `${said} — ${data.message}`;
  return error;
}

/**
 * A RequestError without a response is a call that got no HTTP answer: reported as a network error (with the
 * fetch error as cause, so the code — ECONNREFUSED, ENOTFOUND, a TLS code — is on record), never as HTTP 500.
 * A SAML SSO refusal is annotated on the way out (`ssoRefusal`).
 */
export function noAnswer(error: unknown): unknown {
  const e = error as Loose;
  if (e?.status === 403) return ssoRefusal(error);
  if (!e || e.response !== undefined || e.status !== 500 || !e.request || e.name !== 'HttpError') return error;
  const call = callOf(e.request.method, e.request.url);
  return new VendorCallError(
    `no answer from GitHub for ${call}: ${e.message}`,
    { kind: 'network', call },
    {
      cause: error,
    },
  );
}
