import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

/**
 * `fetch` over node:http with keep-alive sockets, for the vendor SDKs that accept a fetch of their own (Octokit's
 * `request.fetch`, gaxios' `fetchImplementation`, the Okta scan's request executor). Node's built-in fetch (undici)
 * cost about 0.3 ms of CPU per call in a profile, a fifth of a GitHub scan's CPU (docs/scale.md, session 15), most of
 * it in the WHATWG streams and Request/Response objects that a JSON page read whole does not need.
 *
 * It keeps what those SDKs rely on: status, final URL and WHATWG `Headers`; the body as text, JSON or an
 * ArrayBuffer; redirects followed (up to 20, `authorization` dropped when the origin changes, as fetch does); an
 * abort rejects with the signal's reason, even while the body is read; a call that got no answer rejects as fetch
 * does, a `TypeError('fetch failed')` whose `cause` carries the system error's code.
 */
export interface HttpFetchInit {
  method?: string;
  headers?: Record<string, string> | Headers | Array<[string, string]>;
  body?: string | Uint8Array | Readable | null;
  signal?: AbortSignal | null;
  redirect?: 'follow' | 'manual' | 'error';
  /** An agent of the caller's (gaxios passes its proxy agent here); else a shared keep-alive agent. */
  agent?: http.Agent;
}

export class HttpFetchResponse {
  readonly ok: boolean;
  readonly redirected: boolean;
  /** gaxios keeps the `data` it parsed on an error answer only when the body was read (`bodyUsed`). */
  private read = false;
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    readonly headers: Headers,
    private readonly bytes: Buffer,
    redirected: boolean,
  ) {
    this.ok = status >= 200 && status < 300;
    this.redirected = redirected;
  }
  get bodyUsed(): boolean {
    return this.read;
  }
  async text(): Promise<string> {
    this.read = true;
    return this.bytes.toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    this.read = true;
    const { buffer, byteOffset, byteLength } = this.bytes;
    return buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer;
  }
  async blob(): Promise<Blob> {
    this.read = true;
    return new Blob([await this.arrayBuffer()]);
  }
  /** A readable stream of the body, for callers that ask for one (the body is already read whole). */
  get body(): ReadableStream<Uint8Array> {
    this.read = true;
    const bytes = this.bytes;
    return new ReadableStream({
      start(controller) {
        if (bytes.length) controller.enqueue(new Uint8Array(bytes));
        controller.close();
      },
    });
  }
}

const MAX_REDIRECTS = 20;
const REDIRECT = new Set([301, 302, 303, 307, 308]);
/** Idle sockets are closed after 4 s, as Node's fetch does: a server may close them on its own terms. */
const IDLE_MS = 4_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
};
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE']);

export async function httpFetch(input: string | URL, init: HttpFetchInit = {}): Promise<HttpFetchResponse> {
  let url = new URL(String(input));
  let method = (init.method ?? 'GET').toUpperCase();
  let headers = headerRecord(init.headers);
  let body = init.body;
  for (let hops = 0; ; hops++) {
    const answer = await exchangeOnce(url, method, headers, body, init);
    const location = answer.headers.get('location');
    if (!REDIRECT.has(answer.status) || !location || init.redirect === 'manual') {
      return new HttpFetchResponse(answer.status, answer.statusText, url.href, answer.headers, answer.bytes, hops > 0);
    }
    if (init.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    if (hops >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
    const next = new URL(location, url);
    if (next.origin !== url.origin) headers = withoutAuthorization(headers);
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    if (body instanceof Readable)
      throw new TypeError('fetch failed', { cause: new Error('a redirect would send a streamed body again') });
    url = next;
  }
}

/**
 * A kept-alive socket the server closed while it sat idle fails the next request at once, before any answer: an
 * idempotent request is sent once more (what Node's documentation advises: `reusedSocket`); the reset socket has left
 * the pool. A second failure is the caller's, as any network error.
 */
async function exchangeOnce(...args: Parameters<typeof exchange>): Promise<Exchange> {
  try {
    return await exchange(...args);
  } catch (error) {
    if (!(error instanceof StaleSocket)) throw error;
    return exchange(...args);
  }
}

class StaleSocket extends TypeError {}

interface Exchange {
  status: number;
  statusText: string;
  headers: Headers;
  bytes: Buffer;
}

function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: HttpFetchInit['body'] | undefined,
  init: HttpFetchInit,
): Promise<Exchange> {
  const signal = init.signal ?? undefined;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const transport = url.protocol === 'https:' ? https : http;
    const agent = init.agent ?? agents[url.protocol as keyof typeof agents];
    if (!agent)
      return reject(new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) }));
    const request = transport.request(url, { method, headers, agent });
    const onAbort = () => {
      request.destroy();
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    request.on('error', (error: NodeJS.ErrnoException) => {
      done();
      if (signal?.aborted) return reject(abortReason(signal));
      // A stream body was consumed by this attempt: it cannot be sent again.
      const resendable = !(body instanceof Readable);
      const stale = request.reusedSocket && resendable && IDEMPOTENT.has(method) && STALE_CODES.has(error.code ?? '');
      reject(
        stale ? new StaleSocket('fetch failed', { cause: error }) : new TypeError('fetch failed', { cause: error }),
      );
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => {
        done();
        reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error }));
      });
      response.on('end', () => {
        done();
        if (!response.complete) {
          reject(new TypeError('fetch failed', { cause: new Error('the connection closed before the body ended') }));
          return;
        }
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers: responseHeaders(response.rawHeaders),
          bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
        });
      });
    });
    if (body instanceof Readable) body.pipe(request);
    else request.end(body ?? undefined);
  });
}

function headerRecord(headers: HttpFetchInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...headers };
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}

function responseHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  return headers;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
