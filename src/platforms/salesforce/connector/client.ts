import type { ScanContext } from '../../../sync/connector.js';
import { VendorCallError } from '../../../sync/failure.js';
import { timedAttempt } from '../../../sync/timed-attempt.js';
import { type SalesforceOptions, instanceUrlOf } from './options.js';
import { objectOf } from './soql.js';
import type { SfError, SfQueryPage } from './wire.js';

/**
 * The Salesforce REST query API as the scan uses it (REST API Developer Guide, "Query" and "Execute a SOQL Query"):
 * `GET /services/data/vXX.X/query?q=…` with an explicit API version, then `GET {nextRecordsUrl}` (queryMore) while
 * `done` is false; Bearer access token. Every attempt has a timeout and the source's signal; calls are counted per
 * SOQL object (`query:OauthToken`, the name the sources declare); 5xx answers are retried a few times;
 * `Sforce-Limit-Info` is kept; Salesforce's error array (`[{ message, errorCode }]`) becomes a VendorCallError with
 * the HTTP status.
 *
 * Not through jsforce: jsforce 3.10 declares Node >= 22 (it loads undici 8 at import, which throws on Node 20, which
 * this project supports) and 3.9 brings ~60 packages the scan does not use (docs/connectors/salesforce.md).
 * `SoqlApi` below is the seam a jsforce `Connection` (`query(soql)`, `queryMore(locator)`) fits.
 */

interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}
interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Objects an edition or licence lacks answer 400 INVALID_TYPE: the object is not there, as a 404 would say. */
const ABSENT_OBJECT = new Set(['INVALID_TYPE', 'NOT_FOUND']);

/** The status the tracker should see: an absent object type is a 404, anything else as sent. */
export function statusOf(httpStatus: number, errorCode: string | undefined): number {
  return httpStatus === 400 && errorCode && ABSENT_OBJECT.has(errorCode) ? 404 : httpStatus;
}

/** The first error of a Salesforce error array, or null when the body is something else. */
export function errorOf(body: string): SfError | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    return first && typeof first === 'object' && typeof (first as SfError).errorCode === 'string'
      ? (first as SfError)
      : null;
  } catch {
    return null;
  }
}

export class ScanTransport {
  /** The latest `Sforce-Limit-Info` (api-usage=used/max), for the scan's log. */
  limitInfo: string | null = null;
  signal: AbortSignal | undefined;
  private readonly objectOfLocator = new Map<string, string>();

  constructor(
    private readonly ctx: Pick<ScanContext<SalesforceOptions>, 'metrics'>,
    private readonly options: Pick<SalesforceOptions, 'requestTimeoutMs' | 'maxRetries'>,
  ) {}

  /** `query:User` for a query or a queryMore of one; else `GET /path`. */
  callOf(request: HttpRequest): string {
    const url = new URL(request.url);
    const q = url.searchParams.get('q');
    const object = q ? objectOf(q) : this.objectOfLocator.get(url.pathname.split('/').pop() ?? '');
    return object ? `query:${object}` : `${request.method} ${url.pathname}`;
  }

  /** One call with its retries; a non-2xx answer throws. */
  async withRetries(request: HttpRequest): Promise<HttpResponse> {
    const call = this.callOf(request);
    for (let attempt = 0; ; attempt++) {
      this.ctx.metrics.apiCall(call);
      const response = await this.attempt(request, call);
      if (response.statusCode < 500 || attempt >= this.options.maxRetries) return this.checked(response, call);
      this.ctx.metrics.retry(`HTTP ${response.statusCode} on ${call}`);
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }

  private checked(response: HttpResponse, call: string): HttpResponse {
    const limit = response.headers['sforce-limit-info'];
    if (limit) this.limitInfo = limit;
    if (response.statusCode >= 400) {
      const error = errorOf(response.body);
      const httpStatus = statusOf(response.statusCode, error?.errorCode);
      throw new VendorCallError(
        `Salesforce answered HTTP ${response.statusCode} ${error?.errorCode ?? ''} on ${call}: ${error?.message ?? response.body.slice(0, 200)}`,
        { kind: 'http', call, httpStatus, vendorCode: error?.errorCode },
      );
    }
    this.rememberLocator(response.body, call);
    return response;
  }

  /** A page's nextRecordsUrl belongs to the object of the query that produced it. */
  private rememberLocator(body: string, call: string): void {
    const match =
      /"nextRecordsUrl"\s*:\s*"([^"]+)"/.exec(body.slice(0, 512)) ?? /"nextRecordsUrl"\s*:\s*"([^"]+)"/.exec(body);
    if (match && call.startsWith('query:')) this.objectOfLocator.set(match[1].split('/').pop() ?? '', call.slice(6));
  }

  /** One HTTP attempt, body read, under the attempt's timeout and the caller's signal. */
  private attempt(request: HttpRequest, call: string): Promise<HttpResponse> {
    const limits = {
      vendor: 'Salesforce',
      call: () => call,
      timeoutMs: this.options.requestTimeoutMs,
      signal: this.signal,
    };
    return timedAttempt(limits, async (signal) => {
      const res = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
      });
      const body = await res.text();
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { statusCode: res.status, headers, body };
    });
  }
}

/** One page of a SOQL answer. */
export interface SoqlApi {
  /** GET /services/data/vXX.X/query?q=… */
  query<T>(soql: string): Promise<SfQueryPage<T>>;
  /** GET {nextRecordsUrl} (/services/data/vXX.X/query/{queryLocator}). */
  queryMore<T>(nextRecordsUrl: string): Promise<SfQueryPage<T>>;
}

/** A write's body: JSON for an sObject row (with the session), or a form for the OAuth endpoints (without it). */
export type WriteBody = { json: Record<string, unknown> } | { form: Record<string, string> };

export interface SalesforceClient {
  api: SoqlApi;
  transport: ScanTransport;
  /** One write (the remediation actions) on the same transport: timeouts, 5xx retries, the error array. */
  send(method: string, path: string, body: WriteBody): Promise<HttpResponse>;
}

/** JSON of a 2xx answer; a body that is not JSON is a malformed answer of that call. */
function parsed<T>(response: HttpResponse, call: string): T {
  try {
    return JSON.parse(response.body) as T;
  } catch (error) {
    throw new VendorCallError(
      `Salesforce answered ${call} with a body that is not JSON`,
      { kind: 'malformed', call },
      { cause: error },
    );
  }
}

/** The REST query API of one scan, on the scan's transport. */
export function createClient(options: SalesforceOptions, ctx: ScanContext<SalesforceOptions>): SalesforceClient {
  const instanceUrl = instanceUrlOf(options, ctx.tenant);
  const transport = new ScanTransport(ctx, options);
  const headers = { authorization: `Bearer ${options.accessToken}`, accept: 'application/json' };
  const get = async <T>(url: string): Promise<T> => {
    const request = { method: 'GET', url, headers };
    return parsed<T>(await transport.withRetries(request), transport.callOf(request));
  };
  const api: SoqlApi = {
    query: (soql) => get(`${instanceUrl}/services/data/v${options.apiVersion}/query?q=${encodeURIComponent(soql)}`),
    queryMore: (next) => get(new URL(next, instanceUrl).toString()),
  };
  // The OAuth endpoints (revoke) take no session: the token in the form is the authority.
  const send = (method: string, path: string, body: WriteBody) =>
    transport.withRetries(
      'form' in body
        ? {
            method,
            url: `${instanceUrl}${path}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: new URLSearchParams(body.form).toString(),
          }
        : {
            method,
            url: `${instanceUrl}${path}`,
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(body.json),
          },
    );
  return { api, transport, send };
}

/**
 * The pages of one SOQL query: `query`, then `queryMore` on `nextRecordsUrl` while `done` is false. `signal`
 * applies to every call of the query.
 */
export async function* queryPages<T>(
  client: SalesforceClient,
  ctx: Pick<ScanContext<SalesforceOptions>, 'keepRaw' | 'metrics'>,
  soql: string,
  signal: AbortSignal,
): AsyncGenerator<T[]> {
  client.transport.signal = signal;
  const resource = objectOf(soql) ?? 'query';
  let page = await client.api.query<T>(soql);
  for (;;) {
    ctx.metrics.page();
    ctx.keepRaw(resource, page);
    if (!Array.isArray(page?.records))
      throw new VendorCallError(`Salesforce answered a ${resource} query without records`, {
        kind: 'malformed',
        call: `query:${resource}`,
      });
    yield page.records;
    if (page.done !== false || !page.nextRecordsUrl) return;
    page = await client.api.queryMore<T>(page.nextRecordsUrl);
  }
}
