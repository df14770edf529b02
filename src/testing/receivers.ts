import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A request a local receiver got: headers (lower-case) and the raw body. */
export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpReceiver {
  url: string;
  received: Received[];
  /** The status to answer the next requests with, in order; 200 once they are used up. */
  answers: number[];
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * A node:http receiver on 127.0.0.1. `check` may refuse a request (its status is answered and the request is still
 * recorded); otherwise the next of `answers` (default 200).
 */
export async function startHttpReceiver(check?: (r: Received) => number | null): Promise<HttpReceiver> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const r: Received = {
      path: req.url ?? '/',
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body: await readBody(req),
    };
    received.push(r);
    const status = check?.(r) ?? answers.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  auth: { username: string; password: string } | null;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** An smtp-server on 127.0.0.1 without TLS that accepts one user and keeps every message raw. */
export async function startSmtpReceiver(user: { username: string; password: string }): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let lastAuth: ReceivedMail['auth'] = null;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      lastAuth = { username: auth.username ?? '', password: auth.password ?? '' };
      if (auth.username === user.username && auth.password === user.password) return callback(null, { user: 1 });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          auth: lastAuth,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A MIME message's unfolded headers and its decoded text/plain and text/html parts (quoted-printable or base64). */
export function parseMime(raw: string): { headers: Map<string, string>; text: string; html: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = headerMap(head as string);
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const parts = boundary ? rest.join('\r\n\r\n').split(`--${boundary}`) : [rest.join('\r\n\r\n')];
  let text = '';
  let html = '';
  for (const part of parts) {
    const [partHead, ...body] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const h = headerMap(partHead as string);
    const decoded = decode(body.join('\r\n\r\n'), h.get('content-transfer-encoding') ?? '7bit');
    if (/^text\/plain/.test(h.get('content-type') ?? '')) text = decoded;
    if (/^text\/html/.test(h.get('content-type') ?? '')) html = decoded;
  }
  return { headers, text, html };
}

function headerMap(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) map.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return map;
}

function decode(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding))
    return Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
}
