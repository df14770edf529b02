import { z } from 'zod';

/**
 * Fault-injection switches shared by every emulator, for reliability tests and `steward emulate --faults`.
 * Deterministic: "every Nth request" counters and a seeded generator, so a failing test replays exactly.
 */
/**
 * Persistent faults of one endpoint, for the fault matrix and `steward emulate --faults`: every request to it answers
 * 403 or 404 (the vendor's own refusal body), 500 (server error, every time), a body that really ends mid-JSON
 * (`truncate`), a page whose first item is malformed (`malformed-item`: its id removed), or answers after `delayMs`
 * (`slow`).
 */
export const ENDPOINT_FAULTS = ['403', '404', '500', 'truncate', 'malformed-item', 'slow'] as const;
export const EndpointFault = z
  .object({
    /** As a source declares it: 'GET /orgs/{org}/actions/secrets' ({x} = one path segment) or 'iam:ListUsers'. */
    endpoint: z.string().min(1),
    fault: z.enum(ENDPOINT_FAULTS),
    /** For `slow`: how long each answer waits. */
    delayMs: z.number().int().min(0).default(30_000),
  })
  .strict();
export type EndpointFault = z.infer<typeof EndpointFault>;

export const FaultConfig = z
  .object({
    /** Throttle every Nth request with the vendor's own rate-limit response (0 = never). */
    throttleEvery: z.number().int().min(0).default(0),
    /** Seconds the throttle response asks the client to wait (Retry-After / reset). */
    retryAfterSeconds: z.number().min(0).default(1),
    /** Answer this share of requests with a vendor 5xx error. */
    serverErrorRate: z.number().min(0).max(1).default(0),
    /** Add this many milliseconds to every response. */
    latencyMs: z.number().int().min(0).default(0),
    /** Cut this share of response bodies short (connection closed mid-body). */
    truncateRate: z.number().min(0).max(1).default(0),
    /** After this many requests, every further request fails with 5xx (an outage mid-scan). */
    failAfterRequests: z.number().int().min(0).nullable().default(null),
    seed: z.number().int().default(1),
    /** Persistent per-endpoint faults (first match wins). */
    endpoints: z.array(EndpointFault).default([]),
  })
  // A misspelled switch must not silently leave a fault off.
  .strict();
export type FaultConfig = z.infer<typeof FaultConfig>;
export type FaultInput = z.input<typeof FaultConfig>;

/**
 * Parses `--faults` JSON strictly: invalid JSON, an unknown (misspelled) key or a value out of range throws an Error
 * whose message names the key, e.g. `unknown key "throtleEvery" (keys: throttleEvery, ...)`.
 */
export function parseFaultJson(text: string): FaultConfig {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  const parsed = FaultConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  const keys = Object.keys(FaultConfig.shape).join(', ');
  throw new Error(
    parsed.error.issues
      .map((issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (keys: ${keys})`
          : `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
      )
      .join('; '),
  );
}

export type FaultDecision = 'none' | 'throttle' | 'server_error' | 'truncate';

/**
 * Whether a request matches an endpoint declaration. `path` is the request path without query and without the
 * emulator's version prefix; `operation` is the emulator's name for a query-API call ('iam:ListUsers').
 */
export function endpointMatches(
  endpoint: string,
  method: string,
  path: string,
  operation: string | undefined,
): boolean {
  const space = endpoint.indexOf(' ');
  if (space < 0) return endpoint === operation;
  if (endpoint.slice(0, space) !== method) return false;
  const template = endpoint.slice(space + 1).split('?')[0];
  // A parameter is never an OData type cast ('/servicePrincipals/microsoft.graph.agentIdentity' is no '{id}').
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '(?!microsoft\\.graph\\.)[^/]+');
  return new RegExp(`^${pattern}/?$`).test(path);
}

export class FaultController {
  private config: FaultConfig = FaultConfig.parse({});
  private state = 1;
  requests = 0;
  throttled = 0;

  set(input: FaultInput): void {
    this.config = FaultConfig.parse(input);
    this.state = this.config.seed >>> 0 || 1;
  }
  get current(): FaultConfig {
    return this.config;
  }
  reset(): void {
    this.set({});
    this.requests = 0;
    this.throttled = 0;
  }
  private random(): number {
    // xorshift32: tiny and deterministic.
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }
  /** The persistent fault of the endpoint a request hits, if any. */
  endpointFault(method: string, path: string, operation: string | undefined): EndpointFault | undefined {
    return this.config.endpoints.find((f) => endpointMatches(f.endpoint, method, path, operation));
  }
  /** Decides what happens to the next request. */
  next(): FaultDecision {
    const n = ++this.requests;
    const c = this.config;
    if (c.failAfterRequests !== null && n > c.failAfterRequests) return 'server_error';
    if (c.throttleEvery > 0 && n % c.throttleEvery === 0) {
      this.throttled++;
      return 'throttle';
    }
    if (c.serverErrorRate > 0 && this.random() < c.serverErrorRate) return 'server_error';
    if (c.truncateRate > 0 && this.random() < c.truncateRate) return 'truncate';
    return 'none';
  }
}
