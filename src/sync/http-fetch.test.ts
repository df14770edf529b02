import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from './http-fetch.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('httpFetch', () => {
  let main: { server: Server; origin: string };
  let other: { server: Server; origin: string };
  const seen: Array<{ url: string; method: string; authorization?: string; body: string }> = [];

  beforeAll(async () => {
    other = await serve((req, res) => {
      seen.push({ url: req.url ?? '', method: req.method ?? '', authorization: req.headers.authorization, body: '' });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"where":"other"}');
    });
    main = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', method: req.method ?? '', authorization: req.headers.authorization, body });
        if (req.url === '/page')
          res
            .writeHead(200, {
              'content-type': 'application/json; charset=utf-8',
              link: '<x>; rel="next"',
              etag: 'W/"1"',
            })
            .end('{"items":[1,2],"name":"é"}');
        else if (req.url === '/same') res.writeHead(302, { location: '/page' }).end();
        else if (req.url === '/away') res.writeHead(301, { location: `${other.origin}/moved` }).end();
        else if (req.url === '/see-other') res.writeHead(303, { location: '/page' }).end();
        else if (req.url === '/denied')
          res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Forbidden"}');
        else if (req.url === '/cut') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"partial":');
          setTimeout(() => res.socket?.destroy(), 20);
        } else if (req.url === '/slow') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('[');
          setTimeout(() => res.end(']'), 2_000);
        } else res.writeHead(404).end();
      });
    });
  });
  afterAll(() => {
    main.server.close();
    other.server.close();
  });

  it('answers status, final URL, headers (lower-cased, WHATWG Headers) and the body as text or JSON', async () => {
    const response = await httpFetch(`${main.origin}/page`, { headers: { Authorization: 'token t' } });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${main.origin}/page`);
    expect(response.headers.get('ETag')).toBe('W/"1"');
    expect(Object.fromEntries(response.headers)).toMatchObject({ link: '<x>; rel="next"' });
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ items: [1, 2], name: 'é' });
    expect(response.bodyUsed).toBe(true);
  });

  it('sends the method, headers and body it is given', async () => {
    seen.length = 0;
    await httpFetch(`${main.origin}/page`, {
      method: 'post',
      headers: new Headers({ authorization: 'Bearer b' }),
      body: 'grant_type=client_credentials',
    });
    expect(seen).toEqual([
      { url: '/page', method: 'POST', authorization: 'Bearer b', body: 'grant_type=client_credentials' },
    ]);
  });

  it('follows redirects: same origin keeps authorization, another origin drops it, 303 turns into GET', async () => {
    seen.length = 0;
    const same = await httpFetch(`${main.origin}/same`, { headers: { authorization: 'token t' } });
    expect([same.status, same.url, same.redirected]).toEqual([200, `${main.origin}/page`, true]);
    const away = await httpFetch(`${main.origin}/away`, { headers: { authorization: 'token t' } });
    expect([away.status, away.url, await away.text()]).toEqual([200, `${other.origin}/moved`, '{"where":"other"}']);
    await httpFetch(`${main.origin}/see-other`, { method: 'POST', body: 'x' });
    expect(seen.map((s) => [s.url, s.method, s.authorization ?? null])).toEqual([
      ['/same', 'GET', 'token t'],
      ['/page', 'GET', 'token t'],
      ['/away', 'GET', 'token t'],
      ['/moved', 'GET', null],
      ['/see-other', 'POST', null],
      ['/page', 'GET', null],
    ]);
    const manual = await httpFetch(`${main.origin}/same`, { redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([302, '/page']);
  });

  it('refuses to follow a redirect that would send a streamed body again', async () => {
    const error = await httpFetch(`${main.origin}/same`, { method: 'PUT', body: Readable.from(['x']) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as TypeError).cause)).toMatch(/streamed body/);
  });

  it('answers an error status as an answer, its body readable', async () => {
    const response = await httpFetch(`${main.origin}/denied`);
    expect([response.status, response.ok, await response.text()]).toEqual([403, false, '{"message":"Forbidden"}']);
  });

  it('rejects as fetch does when no answer comes: TypeError with the system error as cause', async () => {
    const closed = await serve(() => {});
    await new Promise<void>((r) => closed.server.close(() => r()));
    const error = await httpFetch(`${closed.origin}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('sends a GET once more on a new connection when the kept-alive socket it reused was reset', async () => {
    // Each connection answers its first request and resets on the next, as a server that closed an idle socket does.
    let connections = 0;
    const tcp = createTcpServer((socket: Socket) => {
      connections++;
      let requests = 0;
      socket.on('data', () => {
        if (++requests > 1) return socket.resetAndDestroy();
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nKeep-Alive: timeout=60\r\n\r\n{}',
        );
      });
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
    try {
      expect(await (await httpFetch(`${origin}/a`)).json()).toEqual({});
      expect(await (await httpFetch(`${origin}/b`)).json()).toEqual({});
      expect(connections).toBe(2);
      const post = await httpFetch(`${origin}/c`, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
      expect(post).toBeInstanceOf(TypeError);
    } finally {
      tcp.close();
    }
  });

  it('rejects a body cut off before its end, never answering it as a short page', async () => {
    const error = await httpFetch(`${main.origin}/cut`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
  });

  it("rejects with the signal's reason when aborted while the body is read", async () => {
    const controller = new AbortController();
    const reason = new Error('source deadline');
    setTimeout(() => controller.abort(reason), 100);
    await expect(httpFetch(`${main.origin}/slow`, { signal: controller.signal })).rejects.toBe(reason);
    const aborted = AbortSignal.abort();
    await expect(httpFetch(`${main.origin}/page`, { signal: aborted })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
