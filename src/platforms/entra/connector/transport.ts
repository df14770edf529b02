import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createSecureContext, rootCertificates } from 'node:tls';

/** The connection closed after the answer began: its body is cut short (retried, then reported as malformed). */
export class TruncatedBodyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TruncatedBodyError';
  }
}

export interface HttpOptions {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/**
 * HTTPS for the Graph client and the token endpoint, with an optional extra CA (an emulator's self-signed
 * certificate) added to Node's default roots for this agent only. TLS verification is never turned off, and
 * nothing global (NODE_EXTRA_CA_CERTS, NODE_TLS_REJECT_UNAUTHORIZED) is touched.
 */
export class Transport {
  readonly agent: HttpsAgent;

  constructor(caCertificate?: string) {
    // One secure context built once (scale fix, docs/scale.md): passing `ca` (≈150 PEMs) made https.Agent#getName
    // concatenate ~200 KB into the pool key on every request — 15 % of a 10k-NHI scan's CPU.
    this.agent = new HttpsAgent({
      keepAlive: true,
      maxSockets: 16,
      ...(caCertificate ? { secureContext: createSecureContext({ ca: [...rootCertificates, caCertificate] }) } : {}),
    });
  }

  send(url: string, options: HttpOptions): Promise<Response> {
    const target = new URL(url);
    const isHttps = target.protocol === 'https:';
    return new Promise<Response>((resolve, reject) => {
      const req = (isHttps ? httpsRequest : httpRequest)(
        target,
        {
          method: options.method,
          headers: options.headers,
          ...(isHttps ? { agent: this.agent } : {}),
          signal: options.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          const cut = (cause?: unknown) =>
            reject(
              new TruncatedBodyError(
                `connection closed while reading the response of ${options.method} ${target.pathname}`,
                { cause },
              ),
            );
          // An abort of our own (timeout, cancel) is the caller's error, not a truncated body.
          res.on('error', (error) => (options.signal?.aborted ? reject(error) : cut(error)));
          res.on('aborted', () => (options.signal?.aborted ? reject(options.signal.reason) : cut()));
          res.on('end', () => {
            if (!res.complete) {
              cut();
              return;
            }
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (Array.isArray(v)) for (const x of v) headers.append(k, x);
              else if (v !== undefined) headers.set(k, String(v));
            }
            const status = res.statusCode ?? 0;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers }));
          });
        },
      );
      req.on('error', reject);
      if (options.body !== undefined) req.write(options.body);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
