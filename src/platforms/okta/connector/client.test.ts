import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lib/logger.js';
import { describeFailure } from '../../../sync/failure.js';
import { createClient } from './client.js';
import { OktaOptions } from './options.js';
import { getJson } from './requests.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server | null = null;

async function serve(handler: Handler): Promise<string> {
  let n = 0;
  server = createServer((req, res) => handler(req, res, n++));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

function client(orgUrl: string, options: Record<string, unknown> = {}) {
  process.env.STEWARD_TEST_OKTA_CLIENT_TOKEN = '00testTokenValue';
  const counts = { calls: [] as string[], retries: [] as string[] };
  const ctx = {
    tenant: 'acme',
    options: OktaOptions.parse({ orgUrl, token: { env: 'STEWARD_TEST_OKTA_CLIENT_TOKEN' }, ...options }),
    metrics: { apiCall: (e = '') => counts.calls.push(e), page: () => {}, retry: (r = '') => counts.retries.push(r) },
    log: silentLogger,
    keepRaw: () => {},
    signal: new AbortController().signal,
  };
  return { c: createClient(ctx.options, ctx as never), counts };
}

const limited = (res: ServerResponse, resets: string | string[]) => {
  res.writeHead(429, {
    'content-type': 'application/json',
    date: new Date().toUTCString(),
    'x-rate-limit-reset': resets,
  });
  res.end(
    JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }),
  );
};

describe('Okta client (SDK request executor)', () => {
  it('retries a 429 after X-Rate-Limit-Reset with the SSWS header, counting the call and the retry', async () => {
    const seen: Array<string | undefined> = [];
    const url = await serve((req, res, n) => {
      seen.push(req.headers.authorization);
      if (n === 0) return limited(res, String(Math.floor(Date.now() / 1000)));
      res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":"0oa1"}]');
    });
    const { c, counts } = client(url);
    const answer = await getJson(c, `${url}/api/v1/apps`);
    expect(answer.body).toEqual([{ id: '0oa1' }]);
    expect(seen).toEqual(['SSWS 00testTokenValue', 'SSWS 00testTokenValue']);
    expect(counts.calls).toEqual(['GET /api/v1/apps', 'GET /api/v1/apps']);
    expect(counts.retries).toEqual(['HTTP 429 on GET /api/v1/apps']);
  });

  it('does not retry a 429 with two reset headers (the SDK rule), nor one whose reset is past maxRateLimitWaitMs', async () => {
    const url = await serve((_req, res, n) =>
      limited(res, n === 0 ? ['1', '2'] : String(Math.floor(Date.now() / 1000) + 120)),
    );
    const { c, counts } = client(url, { maxRateLimitWaitMs: 1000 });
    for (let i = 0; i < 2; i++) {
      const error = await getJson(c, `${url}/api/v1/apps`).catch((e) => e);
      expect(describeFailure(error)).toMatchObject({ kind: 'http', httpStatus: 429, vendorCode: 'E0000047' });
    }
    expect(counts.retries).toEqual([]);
    expect(counts.calls).toHaveLength(2);
  });

  it('fails a request that outlives requestTimeoutMs as a timeout, and a refused connection as a network error', async () => {
    const url = await serve(() => {}); // never answers
    const error = await getJson(client(url, { requestTimeoutMs: 200 }).c, `${url}/api/v1/logs`).catch((e) => e);
    expect(describeFailure(error)).toMatchObject({ kind: 'timeout', endpoint: 'GET /api/v1/logs' });
    const refused = await getJson(client('http://127.0.0.1:9').c, 'http://127.0.0.1:9/api/v1/users').catch((e) => e);
    expect(describeFailure(refused)).toMatchObject({ kind: 'network', httpStatus: null });
  });

  it('reports a body that does not parse as malformed, never as an empty list', async () => {
    const url = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":'));
    const error = await getJson(client(url).c, `${url}/api/v1/apps`).catch((e) => e);
    expect(describeFailure(error)).toMatchObject({ kind: 'malformed' });
  });
});
