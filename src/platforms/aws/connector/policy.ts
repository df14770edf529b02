import type { AccessLevel, PermissionInput, Sensitivity } from '../../../model/index.js';
import {
  ADMIN_ACTIONS,
  ESCALATION_ACTIONS,
  PASSROLE_COMPUTE_ACTIONS,
  READ_VERB_PREFIXES,
  SERVICE_SENSITIVITY,
} from './risky-actions.js';

/**
 * Pure IAM policy-document parsing: document text → grants → Steward permissions. Only Allow statements grant;
 * Deny statements, conditions and permission boundaries are recorded but not evaluated (see docs/connectors/aws.md).
 */

export interface PolicyStatementJson {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocumentJson {
  Version?: string;
  Statement?: PolicyStatementJson | PolicyStatementJson[];
}

const list = <T>(v: T | T[] | undefined | null): T[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];

/**
 * The string values of a policy element (one string or a list). Anything else (a number, null, an object) is not an
 * IAM action or ARN: it is dropped, never turned into a grant by String().
 */
export const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decodes a policy document as IAM returns it (URL-encoded JSON, RFC 3986) or as plain JSON text. */
export function decodePolicyDocument(raw: string | object): PolicyDocumentJson {
  if (isObject(raw)) return raw as PolicyDocumentJson;
  if (typeof raw !== 'string') throw new Error('policy document is neither text nor a JSON object');
  const text = raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw);
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('policy document is not a JSON object');
  return parsed as PolicyDocumentJson;
}

/** The document's statements that are objects (a malformed list may hold strings, numbers or nulls). */
export function statementsOf(doc: PolicyDocumentJson): PolicyStatementJson[] {
  return list<unknown>(doc.Statement).filter(isObject) as PolicyStatementJson[];
}

/** One Allow statement's action (or NotAction set) over its resources. */
export interface Grant {
  nativeName: string;
  actions: string[];
  notAction: boolean;
  resources: string[];
  conditional: boolean;
  sid: string | null;
}

/**
 * The grants of a document's Allow statements. Only string actions and resources grant: a statement whose actions or
 * resources are all non-strings (`Action: [5, null]`, `Resource: 7`) grants nothing, and a NotAction with no string
 * left is dropped rather than read as "every action".
 */
export function grantsOf(doc: PolicyDocumentJson): Grant[] {
  const out: Grant[] = [];
  for (const s of statementsOf(doc)) {
    if (s.Effect !== 'Allow') continue;
    const resources =
      s.NotResource !== undefined ? strings(s.NotResource).map((r) => `NotResource:${r}`) : strings(s.Resource);
    if (resources.length === 0) continue;
    const base = { resources, conditional: hasCondition(s.Condition), sid: typeof s.Sid === 'string' ? s.Sid : null };
    const notActions = strings(s.NotAction).sort();
    if (notActions.length > 0)
      out.push({ nativeName: `NotAction:${notActions.join(',')}`, actions: notActions, notAction: true, ...base });
    for (const a of strings(s.Action)) out.push({ nativeName: a, actions: [a], notAction: false, ...base });
  }
  return out;
}

/** A Condition block that is present and not an empty object (a malformed one still limits the grant). */
const hasCondition = (c: unknown): boolean =>
  c !== undefined && c !== null && !(isObject(c) && Object.keys(c).length === 0);

/** Appends the grants of inline policies (user, role or group) to `out`, sourced `<prefix>inline:<name>`. */
export function inlineGrants(
  list: Array<{ PolicyName?: string; PolicyDocument?: string }> | undefined,
  prefix: string,
  out: SourcedGrant[],
): void {
  for (const p of list ?? []) {
    if (!p.PolicyDocument) continue;
    const name = p.PolicyName ?? '(unnamed)';
    for (const grant of grantsOf(decodePolicyDocument(p.PolicyDocument)))
      out.push({ grant, source: `${prefix}inline:${name}`, policyName: name, policyArn: null });
  }
}

const patterns = new Map<string, RegExp>();
function pattern(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) {
    re = new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
    patterns.set(p, re);
  }
  return re;
}

/** Whether a grant allows a concrete action (NotAction grants allow everything they do not list). */
export function grantCovers(g: Grant, action: string): boolean {
  return g.notAction ? !g.actions.some((p) => pattern(p).test(action)) : pattern(g.actions[0]).test(action);
}

const isWildResource = (g: Grant) => g.resources.some((r) => r.includes('*'));
export const isAdminGrant = (g: Grant) =>
  !g.notAction && ADMIN_ACTIONS.includes(g.nativeName) && g.resources.includes('*');

function classify(g: Grant): { access: AccessLevel; sensitivity: Sensitivity } {
  if (isAdminGrant(g)) return { access: 'admin', sensitivity: 'high' };
  if (g.notAction) return { access: 'write', sensitivity: 'high' };
  const [service, verb = ''] = g.nativeName.split(':', 2);
  const sensitivity = service === '*' ? 'high' : (SERVICE_SENSITIVITY[service.toLowerCase()] ?? 'medium');
  const read =
    verb !== '' &&
    !verb.startsWith('*') &&
    READ_VERB_PREFIXES.some((p) => verb.toLowerCase().startsWith(p.toLowerCase()));
  return { access: read ? 'read' : 'write', sensitivity };
}

export interface SourcedGrant {
  grant: Grant;
  /** e.g. "managed:AdministratorAccess", "inline:deploy", "group:ops/managed:ReadOnlyAccess". */
  source: string;
  policyName: string;
  policyArn: string | null;
}

/**
 * Turns every grant an identity holds into permissions. pathToAdmin is decided over the whole set: iam:PassRole
 * escalates only when the identity can also launch compute.
 */
export function permissionsFromGrants(grants: SourcedGrant[]): PermissionInput[] {
  const compute = grants.some(({ grant }) => PASSROLE_COMPUTE_ACTIONS.some((a) => grantCovers(grant, a)));
  return grants.map(({ grant, source, policyName, policyArn }) => {
    const { access, sensitivity } = classify(grant);
    const wild = !isAdminGrant(grant) && isWildResource(grant);
    const escalates =
      wild &&
      (ESCALATION_ACTIONS.some((a) => grantCovers(grant, a)) || (compute && grantCovers(grant, 'iam:PassRole')));
    return {
      nativeName: grant.nativeName,
      resource: grant.resources.length === 1 ? grant.resources[0] : grant.resources.join(','),
      access,
      sensitivity,
      pathToAdmin: escalates,
      source,
      attributes: {
        policyName,
        ...(policyArn ? { policyArn } : {}),
        ...(grant.sid ? { sid: grant.sid } : {}),
        ...(grant.conditional ? { conditional: true } : {}),
        ...(grant.notAction ? { notAction: grant.actions } : {}),
      },
    };
  });
}
