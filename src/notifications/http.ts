import { DeliveryError } from './delivery-error.js';

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** How the receiver is named in errors: never the URL itself when it is a secret. */
  describe: string;
}

/** POSTs a body; resolves on 2xx, throws a DeliveryError otherwise (retryable on 429, 5xx, timeouts, network). */
export async function post(url: string, options: PostOptions): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new DeliveryError(`${options.describe}: ${networkReason(error, options.timeoutMs)}`, true);
  }
  // The body is not needed (and may be large or hostile): release the connection.
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return;
  const retryable = response.status === 429 || response.status >= 500;
  throw new DeliveryError(
    `${options.describe}: HTTP ${response.status}${response.statusText ? ` ${response.statusText.slice(0, 60)}` : ''}`,
    retryable,
    retryAfter(response.headers.get('retry-after')),
  );
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  return `connection failed (${e.cause?.code ?? e.name})`;
}

/** Retry-After in seconds (delta form; an HTTP date is converted), undefined when absent or unreadable. */
function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - Date.now()) / 1000));
}
