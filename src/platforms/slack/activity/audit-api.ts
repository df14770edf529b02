import { setTimeout as sleep } from 'node:timers/promises';
import { VendorCallError } from '../../../sync/failure.js';
import { REFUSALS } from '../connector/client.js';
import type { SlackOptions } from '../connector/options.js';

/**
 * One page of `GET /audit/v1/logs` for a time range. The connector's audit client reads by action only and has no
 * time range, so the collector reads with plain `fetch` under the same conventions: the tenant's user token as
 * Bearer, `requestTimeoutMs` per attempt, HTTP 429 waited out after `Retry-After` at most `maxRetries` times, and
 * Slack's refusals (`ok: false` with an error code) as VendorCallErrors carrying the HTTP status they mean.
 */
export const AUDIT_CALL = 'GET /audit/v1/logs';

export interface AuditQuery {
  /** Epoch seconds, inclusive. */
  oldest: number;
  latest: number;
  limit: number;
  cursor: string;
}

export interface AuditPage {
  entries: unknown[];
  next: string;
}

type Body = { ok?: boolean; error?: string; entries?: unknown; response_metadata?: { next_cursor?: string } };

export async function auditLogPage(options: SlackOptions, query: AuditQuery): Promise<AuditPage> {
  const url = new URL('logs', options.auditApiUrl.replace(/\/?$/, '/'));
  url.searchParams.set('oldest', String(query.oldest));
  url.searchParams.set('latest', String(query.latest));
  url.searchParams.set('limit', String(query.limit));
  if (query.cursor) url.searchParams.set('cursor', query.cursor);
  for (let retry = 0; ; retry++) {
    const { status, retryAfter, text } = await attempt(options, url);
    if (status === 429 && retry < options.maxRetries) {
      await sleep(Math.max(0, Number(retryAfter) || 1) * 1000);
      continue;
    }
    return pageOf(status, text);
  }
}

async function attempt(options: SlackOptions, url: URL) {
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(options.requestTimeoutMs),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
  } catch (error) {
    const timeout = (error as Error)?.name === 'TimeoutError';
    throw new VendorCallError(
      `Slack Audit Logs API: ${timeout ? 'no answer within requestTimeoutMs' : (error as Error).message}`,
      { call: AUDIT_CALL, ...(timeout ? { kind: 'timeout' as const } : {}) },
      { cause: error },
    );
  }
}

function pageOf(status: number, text: string): AuditPage {
  let body: Body;
  try {
    body = JSON.parse(text) as Body;
  } catch (error) {
    throw new VendorCallError(
      `Slack Audit Logs API answered HTTP ${status} with a body that is not JSON`,
      status === 200 ? { kind: 'malformed', call: AUDIT_CALL } : { kind: 'http', call: AUDIT_CALL, httpStatus: status },
      { cause: error },
    );
  }
  if (status !== 200 || body.ok === false) {
    const code = body.error ?? undefined;
    throw new VendorCallError(`${AUDIT_CALL} answered ${code ?? `HTTP ${status}`}`, {
      kind: 'http',
      call: AUDIT_CALL,
      httpStatus: status !== 200 ? status : (REFUSALS[String(code)] ?? 200),
      vendorCode: code,
    });
  }
  if (!Array.isArray(body.entries))
    throw new VendorCallError('Slack Audit Logs API answered without an entries list', {
      kind: 'malformed',
      call: AUDIT_CALL,
    });
  return { entries: body.entries, next: body.response_metadata?.next_cursor ?? '' };
}
