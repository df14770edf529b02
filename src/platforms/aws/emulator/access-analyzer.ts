import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AwsAccount, AwsUnusedAccessAnalyzer, AwsUnusedAccessFinding } from '../estate/types.js';
import { SCANNER_USER } from './refusals.js';
import { verifySigV4 } from './sigv4.js';

/**
 * IAM Access Analyzer (restJson1) on the emulator's endpoint, for unused access: GET /analyzer (ListAnalyzers, `type`
 * filter) and POST /findingv2 (ListFindingsV2: `analyzerArn`, `filter` on status/findingType/resource with eq/neq,
 * `maxResults` (default 100), `nextToken`). Errors as restJson1 sends them: the status, `x-amzn-errortype` and a
 * `{"message"}` body (AccessDeniedException 403, ResourceNotFoundException 404, ValidationException 400).
 */
export const ACCESS_ANALYZER_OPERATIONS: Record<string, { method: 'GET' | 'POST'; path: string }> = {
  ListAnalyzers: { method: 'GET', path: '/analyzer' },
  ListFindingsV2: { method: 'POST', path: '/findingv2' },
};

/** 'access-analyzer:<Action>' of a REST request, or undefined when it is not one. */
export function accessAnalyzerOperation(method: string, url: string): string | undefined {
  const path = url.split('?')[0];
  const found = Object.entries(ACCESS_ANALYZER_OPERATIONS).find(([, o]) => o.method === method && o.path === path);
  return found ? `access-analyzer:${found[0]}` : undefined;
}

export class AnalyzerError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendAnalyzerError(res: FastifyReply, error: AnalyzerError): FastifyReply {
  return res
    .code(error.status)
    .header('content-type', 'application/json')
    .header('x-amzn-errortype', error.type)
    .header('x-amzn-requestid', randomUUID())
    .send(JSON.stringify({ message: error.message }));
}

/** AccessDeniedException as Access Analyzer words a refused call of the scanner user. */
export function analyzerAccessDenied(accountId: string, operation: string): AnalyzerError {
  const action = operation === 'ListFindingsV2' ? 'ListFindings' : operation;
  return new AnalyzerError(
    403,
    'AccessDeniedException',
    `User: arn:aws:iam::${accountId}:user/${SCANNER_USER} is not authorized to perform: access-analyzer:${action} on resource: arn:aws:access-analyzer:us-east-1:${accountId}:analyzer/* because no identity-based policy allows the access-analyzer:${action} action`,
  );
}

const analyzerArn = (accountId: string, a: AwsUnusedAccessAnalyzer) =>
  `arn:aws:access-analyzer:us-east-1:${accountId}:analyzer/${a.name}`;

function listAnalyzers(account: AwsAccount, query: URLSearchParams) {
  const type = query.get('type');
  const a = account.unusedAccessAnalyzer;
  const matches = a && (type === null || type === 'ACCOUNT_UNUSED_ACCESS');
  return {
    analyzers: matches
      ? [
          {
            arn: analyzerArn(account.accountId, a),
            name: a.name,
            type: 'ACCOUNT_UNUSED_ACCESS',
            createdAt: a.createdAt,
            status: a.status,
            configuration: { unusedAccess: { unusedAccessAge: a.unusedAccessAge } },
          },
        ]
      : [],
  };
}

type Criterion = { eq?: string[]; neq?: string[] };
const FILTER_KEYS: Record<string, (f: AwsUnusedAccessFinding) => string> = {
  status: (f) => f.status,
  findingType: (f) => f.findingType,
  resource: (f) => f.resource,
  resourceType: (f) => f.resourceType,
};

function listFindings(account: AwsAccount, body: Record<string, unknown>) {
  const a = account.unusedAccessAnalyzer;
  if (typeof body.analyzerArn !== 'string')
    throw new AnalyzerError(400, 'ValidationException', 'analyzerArn is required');
  if (!a || analyzerArn(account.accountId, a) !== body.analyzerArn)
    throw new AnalyzerError(404, 'ResourceNotFoundException', `Analyzer ${body.analyzerArn} not found`);
  const filter = (body.filter ?? {}) as Record<string, Criterion>;
  for (const key of Object.keys(filter))
    if (!FILTER_KEYS[key]) throw new AnalyzerError(400, 'ValidationException', `Invalid filter key: ${key}`);
  const kept = a.findings.filter((f) =>
    Object.entries(filter).every(([key, c]) => {
      const v = FILTER_KEYS[key](f);
      return (!c.eq || c.eq.includes(v)) && !c.neq?.includes(v);
    }),
  );
  const size = typeof body.maxResults === 'number' ? body.maxResults : 100;
  const start = typeof body.nextToken === 'string' ? Number(Buffer.from(body.nextToken, 'base64').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw new AnalyzerError(400, 'ValidationException', 'Invalid nextToken');
  const page = kept.slice(start, start + size);
  const next = start + size < kept.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  return {
    findings: page.map((f) => ({
      id: f.id,
      resource: f.resource,
      resourceType: f.resourceType,
      resourceOwnerAccount: account.accountId,
      status: f.status,
      findingType: f.findingType,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
      analyzedAt: f.analyzedAt,
    })),
    ...(next ? { nextToken: next } : {}),
  };
}

/** The routes; `accountOf` authenticates a request (SigV4) and names its account, or throws an AnalyzerError. */
export function registerAccessAnalyzerRoutes(
  app: FastifyInstance,
  accountOf: (request: FastifyRequest, body: string) => AwsAccount,
  denied: (operation: string) => boolean,
  count: (operation: string) => void,
): void {
  const route =
    (operation: string, answer: (account: AwsAccount, request: FastifyRequest, body: string) => unknown) =>
    async (request: FastifyRequest, res: FastifyReply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      count(operation);
      try {
        const account = accountOf(request, body);
        if (denied(operation)) throw analyzerAccessDenied(account.accountId, operation);
        const out = answer(account, request, body);
        return res
          .code(200)
          .header('content-type', 'application/json')
          .header('x-amzn-requestid', randomUUID())
          .send(JSON.stringify(out));
      } catch (error) {
        if (error instanceof AnalyzerError) return sendAnalyzerError(res, error);
        throw error;
      }
    };
  app.get(
    '/analyzer',
    route('ListAnalyzers', (account, request) =>
      listAnalyzers(account, new URLSearchParams(request.url.split('?')[1] ?? '')),
    ),
  );
  app.post(
    '/findingv2',
    route('ListFindingsV2', (account, _request, body) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body || '{}');
      } catch {
        throw new AnalyzerError(400, 'ValidationException', 'Malformed JSON body');
      }
      return listFindings(account, parsed as Record<string, unknown>);
    }),
  );
}

/** SigV4 check for a REST call: the account of the signing key, or the error Access Analyzer would send. */
export function authenticateRest(
  request: FastifyRequest,
  body: string,
  secretOf: (accessKeyId: string) => string | undefined,
  accountOfKey: (accessKeyId: string) => AwsAccount | undefined,
): AwsAccount {
  const auth = verifySigV4({ method: request.method, url: request.url, headers: request.headers, body }, secretOf);
  if (!auth.ok) throw new AnalyzerError(auth.status, auth.code, auth.message);
  const account = accountOfKey(auth.accessKeyId);
  if (!account)
    throw new AnalyzerError(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  return account;
}
