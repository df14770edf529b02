import type { SourceProblem } from '../model/index.js';
import { redactString } from './redact.js';
import type { SourceSpec } from './sources.js';

/**
 * An error a connector's client throws with what it knows about the failed call. Clients may throw it (or attach
 * the same fields to their SDK's error); `describeFailure` reads either.
 */
export class VendorCallError extends Error {
  constructor(
    message: string,
    readonly details: {
      kind?: SourceProblem['kind'];
      /** 'METHOD /path' as called (templated by the tracker against the source's endpoints) or 'service:Action'. */
      call?: string;
      httpStatus?: number;
      vendorCode?: string;
      objectId?: string;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VendorCallError';
  }
}

/** Thrown when a source ran past its deadline, or a request past its timeout. */
export class DeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}

/** Thrown for a record that failed validation (model schema or typed facts): the tracker quarantines it. */
export class InvalidRecordError extends Error {
  constructor(
    message: string,
    readonly nativeId: string | null,
  ) {
    super(message);
    this.name = 'InvalidRecordError';
  }
}

/** Error codes of Node, undici and OpenSSL that mean the connection itself failed (not the vendor's answer). */
const NETWORK_CODE =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|ETIMEDOUT|ECONNABORTED|UND_ERR_\w+|ERR_TLS_\w+|CERT_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_\w+|ERR_SSL_\w+)$/;

interface Loose {
  name?: string;
  message?: string;
  code?: unknown;
  status?: unknown;
  statusCode?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  details?: VendorCallError['details'];
  request?: { method?: string; url?: string };
  response?: { status?: number; data?: { message?: string; error?: { code?: string; message?: string } } };
}

/** The error and its causes, outermost first (bounded: cause chains can be cyclic). */
function chain(error: unknown): Loose[] {
  const out: Loose[] = [];
  let e: unknown = error;
  while (e && typeof e === 'object' && out.length < 8) {
    out.push(e as Loose);
    e = (e as Loose).cause;
  }
  return out;
}

function networkCode(errors: Loose[]): string | undefined {
  for (const e of errors) if (typeof e.code === 'string' && NETWORK_CODE.test(e.code)) return e.code;
  return undefined;
}

function httpStatusOf(e: Loose): number | undefined {
  const status = e.details?.httpStatus ?? e.status ?? e.statusCode ?? e.$metadata?.httpStatusCode ?? e.response?.status;
  return typeof status === 'number' && status >= 100 ? status : undefined;
}

function vendorCodeOf(e: Loose): string | null {
  if (e.details?.vendorCode) return e.details.vendorCode;
  if (e.response?.data?.error?.code) return e.response.data.error.code;
  // AWS SDK v3: the error's name is the service's error Code (AccessDenied, NoSuchEntity).
  if (e.$metadata && e.name && e.name !== 'Error') return e.name;
  if (typeof e.code === 'string' && !NETWORK_CODE.test(e.code)) return e.code;
  return null;
}

function kindOf(outer: Loose, errors: Loose[], status: number | undefined): SourceProblem['kind'] {
  if (outer.details?.kind) return outer.details.kind;
  if (errors.some((e) => e.name === 'DeadlineError' || e.name === 'TimeoutError' || e.name === 'AbortError'))
    return 'timeout';
  if (networkCode(errors)) return 'network';
  if (errors.some((e) => e.name === 'InvalidRecordError')) return 'invalid-record';
  if (errors.some((e) => e.name === 'SyntaxError')) return 'malformed';
  return status ? 'http' : 'other';
}

/** 'GET /orgs/acme/x?page=2' → the source endpoint template it matches, else the call without its query. */
export function endpointTemplate(call: string | undefined, spec: SourceSpec | undefined): string | null {
  const endpoints = spec?.endpoints ?? [];
  if (!call) return endpoints.length === 1 ? endpoints[0] : null;
  const [method, rawPath = ''] = call.split(' ');
  const path = rawPath.split('?')[0].replace(/^https?:\/\/[^/]+/, '');
  for (const template of endpoints) {
    const [tMethod, tPath] = template.split(' ');
    if (tPath === undefined) {
      if (template === call) return template;
      continue;
    }
    const pattern = new RegExp(`(^|/)${tPath.replace(/^\//, '').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (tMethod === method && pattern.test(path)) return template;
  }
  return tMethod(call) ? `${method} ${path}` : call;
}

function tMethod(call: string): boolean {
  return /^[A-Z]+ \//.test(call);
}

/** What went wrong with one call, in the terms an operator acts on. */
export function describeFailure(error: unknown, spec?: SourceSpec): SourceProblem {
  const errors = chain(error);
  const outer = errors[0] ?? { message: String(error) };
  const status = errors.map(httpStatusOf).find((s) => s !== undefined);
  const kind = kindOf(outer, errors, status);
  const call =
    outer.details?.call ?? (outer.request?.url ? `${outer.request.method ?? 'GET'} ${outer.request.url}` : undefined);
  const code = networkCode(errors);
  const refused = status === 401 || status === 403 || status === 404;
  return {
    endpoint: endpointTemplate(call, spec),
    kind,
    httpStatus: kind === 'http' ? (status ?? null) : null,
    vendorCode: kind === 'network' ? (code ?? null) : (errors.map(vendorCodeOf).find(Boolean) ?? null),
    // Vendors echo request details (URLs with tokens, header values) into error messages.
    message: redactString(String(outer.response?.data?.message ?? outer.message ?? error)),
    permission: refused && kind === 'http' ? (spec?.permission ?? null) : null,
    objectId: outer.details?.objectId ?? null,
  };
}

/** A vendor refusal: the source is skipped (no permission, not licensed, not found), not failed. */
export function isRefusal(problem: SourceProblem): boolean {
  return problem.kind === 'http' && [401, 403, 404].includes(problem.httpStatus ?? 0);
}

/** Whether an error is about the vendor call (degrade) rather than our own machinery (a store failure: rethrow). */
export function isVendorFailure(error: unknown): boolean {
  const problem = describeFailure(error);
  return problem.kind !== 'other' || chain(error).some((e) => e.name === 'VendorCallError');
}

/** One line: "GET /orgs/{org}/x answered HTTP 403 Forbidden (Resource not accessible); grant: Members: read". */
export function problemLine(problem: SourceProblem): string {
  const where = problem.endpoint ?? 'the vendor';
  const what =
    problem.kind === 'http'
      ? `${where} answered HTTP ${problem.httpStatus}${problem.vendorCode ? ` ${problem.vendorCode}` : ''}`
      : problem.kind === 'network'
        ? `${where}: network error${problem.vendorCode ? ` ${problem.vendorCode}` : ''} (no HTTP answer)`
        : problem.kind === 'timeout'
          ? `${where}: timed out`
          : problem.kind === 'malformed'
            ? `${where}: malformed response body`
            : problem.kind === 'invalid-record'
              ? 'invalid record'
              : where;
  const object = problem.objectId ? ` for ${problem.objectId}` : '';
  const grant = problem.permission ? `; needs: ${problem.permission}` : '';
  return `${what}${object}: ${problem.message}${grant}`;
}
