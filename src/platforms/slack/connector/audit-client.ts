import type { ScanContext } from '../../../sync/connector.js';
import { VendorCallError } from '../../../sync/failure.js';
import { REFUSALS } from './client.js';
import type { SlackOptions } from './options.js';
import type { SlackAuditEntry } from './wire.js';

/**
 * The Audit Logs API (`GET https://api.slack.com/audit/v1/logs`) has no SDK wrapper, so it is read with plain
 * `fetch`: Bearer token, cursor paging through `response_metadata.next_cursor`, HTTP 429 waited out after
 * `Retry-After` (at most `maxRetries` times, each counted), every attempt counted and under `requestTimeoutMs`.
 */
export const AUDIT_CALL = 'GET /audit/v1/logs';
/** The Audit Logs API's largest page. */
export const AUDIT_PAGE_SIZE = 9999;

type Ctx = ScanContext<SlackOptions>;

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

async function attempt(ctx: Ctx, url: URL, signal: AbortSignal): Promise<Response> {
  ctx.metrics.apiCall(AUDIT_CALL);
  try {
    return await fetch(url, {
      headers: { authorization: `Bearer ${ctx.options.token}`, accept: 'application/json' },
      signal: AbortSignal.any([signal, AbortSignal.timeout(ctx.options.requestTimeoutMs)]),
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const timeout = (error as Error)?.name === 'TimeoutError';
    throw new VendorCallError(
      `Slack Audit Logs API: ${timeout ? 'no answer within requestTimeoutMs' : (error as Error).message}`,
      { call: AUDIT_CALL, ...(timeout ? { kind: 'timeout' as const } : {}) },
      { cause: error },
    );
  }
}

/** One page: the answer's entries and next cursor; refusals and failures as VendorCallErrors. */
async function readPage(
  ctx: Ctx,
  url: URL,
  signal: AbortSignal,
): Promise<{ entries: SlackAuditEntry[]; next: string }> {
  for (let retry = 0; ; retry++) {
    const response = await attempt(ctx, url, signal);
    const text = await response.text().catch((error) => {
      if (signal.aborted) throw signal.reason;
      throw new VendorCallError('Slack Audit Logs API: the answer ended early', { call: AUDIT_CALL }, { cause: error });
    });
    if (response.status === 429 && retry < ctx.options.maxRetries) {
      ctx.metrics.retry('HTTP 429 (Retry-After) on the Audit Logs API');
      await sleep(Math.max(0, Number(response.headers.get('retry-after')) || 1) * 1000, signal);
      continue;
    }
    let body: { ok?: boolean; error?: string; entries?: unknown; response_metadata?: { next_cursor?: string } };
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new VendorCallError(
        `Slack Audit Logs API answered HTTP ${response.status} with a body that is not JSON`,
        response.status === 200
          ? { kind: 'malformed', call: AUDIT_CALL }
          : { kind: 'http', call: AUDIT_CALL, httpStatus: response.status },
        { cause: error },
      );
    }
    if (response.status !== 200 || body.ok === false) {
      const code = body.error ?? undefined;
      const status = response.status !== 200 ? response.status : (REFUSALS[String(code)] ?? 200);
      throw new VendorCallError(`Slack Audit Logs API answered ${code ?? `HTTP ${response.status}`}`, {
        kind: 'http',
        call: AUDIT_CALL,
        httpStatus: status,
        vendorCode: code,
      });
    }
    if (!Array.isArray(body.entries))
      throw new VendorCallError('Slack Audit Logs API answered without an entries list', {
        kind: 'malformed',
        call: AUDIT_CALL,
      });
    return { entries: body.entries as SlackAuditEntry[], next: body.response_metadata?.next_cursor ?? '' };
  }
}

/** Every page of `GET /audit/v1/logs` for one action. */
export async function* auditPages(ctx: Ctx, action: string, signal: AbortSignal): AsyncGenerator<SlackAuditEntry[]> {
  let cursor = '';
  do {
    const url = new URL('logs', ctx.options.auditApiUrl.replace(/\/?$/, '/'));
    url.searchParams.set('action', action);
    url.searchParams.set('limit', String(AUDIT_PAGE_SIZE));
    if (cursor) url.searchParams.set('cursor', cursor);
    const page = await readPage(ctx, url, signal);
    ctx.metrics.page();
    ctx.keepRaw('audit-logs', page.entries);
    yield page.entries;
    cursor = page.next;
  } while (cursor);
}
