import type { z } from 'zod';
import type { TrustConditionFacts, TrustPrincipalFacts, TrustStatementFacts } from '../facts.js';
import { decodePolicyDocument, isObject, statementsOf, strings } from './policy.js';

/**
 * The one parser of a role's trust (assume-role) policy: principals and conditions, plus what they imply. The
 * role transform emits its statements as typed facts (`attributes.trust`, ../facts.ts), which the rules read.
 */

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/**
 * GitHub claims AWS STS validates as provider-specific condition keys since January 2026 ("AWS STS supports
 * validation of identity provider claims": actor, actor_id, job_workflow_ref, repository, repository_id, workflow,
 * ref, environment, enterprise_id, as `token.actions.githubusercontent.com:<claim>`). These four pin the repository
 * (or enterprise) a workflow runs in, so a trust restricted by one of them is not open to every repository even
 * without a `sub` condition.
 */
export const GITHUB_SCOPING_CLAIMS = ['repository', 'repository_id', 'job_workflow_ref', 'enterprise_id'] as const;

export type TrustPrincipal = z.output<typeof TrustPrincipalFacts>;
export type TrustCondition = z.output<typeof TrustConditionFacts>;
export type TrustStatement = z.output<typeof TrustStatementFacts>;

/** A principal or condition value as IAM compares it; null, objects and lists inside lists are not values. */
const scalars = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v])
    .filter((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
    .map(String);

function principalsOf(p: unknown): TrustPrincipal[] {
  if (p === '*') return [{ type: '*', value: '*' }];
  if (!isObject(p)) return [];
  // Only strings name a principal: a number or null would otherwise become a trusted "5" or "null".
  return Object.entries(p).flatMap(([type, v]) => strings(v).map((value) => ({ type, value })));
}

function conditionsOf(c: unknown): TrustCondition[] {
  if (!isObject(c)) return [];
  return Object.entries(c).flatMap(([operator, entries]) =>
    isObject(entries)
      ? Object.entries(entries).map(([key, values]) => ({ operator, key, values: scalars(values) }))
      : [],
  );
}

/**
 * Parses a trust document (URL-encoded JSON as IAM returns it). Throws when it is neither URL-encoded nor plain JSON
 * of an object: the role is then quarantined, not emitted with a trust it does not have. Malformed parts are
 * dropped: a statement whose Effect is not a string, non-string actions and principals.
 */
export function parseTrustPolicy(raw: string | object): TrustStatement[] {
  return statementsOf(decodePolicyDocument(raw))
    .filter((s) => s.Effect === undefined || typeof s.Effect === 'string')
    .map((s) => ({
      effect: s.Effect ?? 'Allow',
      actions: strings(s.Action),
      principals: principalsOf(s.NotPrincipal ?? s.Principal),
      notPrincipal: s.NotPrincipal !== undefined,
      conditions: conditionsOf(s.Condition),
    }));
}

export interface TrustAnalysis {
  principals: string[];
  conditionKeys: string[];
  services: string[];
  /** Outside AWS accounts trusted, with whether each statement required sts:ExternalId. */
  externalAccounts: Array<{ account: string; externalId: boolean }>;
  crossAccountWithoutExternalId: boolean;
  githubOidc: boolean;
  githubWithoutSub: boolean;
  /**
   * Some Allow statement trusting GitHub OIDC is open to workflows of any repository: no `sub` condition and no
   * repository-scoping claim condition (GITHUB_SCOPING_CLAIMS), or only `StringLike` patterns whose owner is a
   * wildcard (`*`, `repo:*`). See githubStatementOpen.
   */
  githubOpenTrust: boolean;
  /** GitHub references the sub patterns point at (see githubTargetFor). */
  githubTargets: string[];
  githubSubjects: string[];
  /** IAM OIDC providers (ARNs) that Federated principals of Allow statements name. */
  oidcProviders: string[];
  samlProviders: string[];
  /** Every Allow statement trusts only SAML providers: a human sign-in path, not an NHI. */
  samlOnly: boolean;
}

/** `repo:<org>/<repo>:…` → `github:<org>:repository:<org>/<repo>`; `repo:<org>/*…` → `github:<org>:organization:<org>`. */
export function githubTargetFor(subject: string): string | null {
  const m = /^repo:([^/:]+)\/([^:]+)(?::.*)?$/.exec(subject);
  if (!m || /[*?]/.test(m[1])) return null;
  const [, org, repo] = m;
  return /[*?]/.test(repo) ? `github:${org}:organization:${org}` : `github:${org}:repository:${org}/${repo}`;
}

/** The 12-digit account of an AWS principal ("123456789012", "arn:aws:iam::123456789012:root"); null for "*" or a service. */
export function principalAccount(value: string): string | null {
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(value)?.[1] ?? null;
}

export function analyzeTrust(statements: TrustStatement[], ownAccount: string): TrustAnalysis {
  const principals = new Set<string>();
  const conditionKeys = new Set<string>();
  const services = new Set<string>();
  const external: TrustAnalysis['externalAccounts'] = [];
  const targets = new Set<string>();
  const subjects = new Set<string>();
  const saml = new Set<string>();
  const oidc = new Set<string>();
  let githubOidc = false;
  let githubWithoutSub = false;
  let githubOpenTrust = false;
  const allows = statements.filter((s) => s.effect === 'Allow');
  for (const s of allows) {
    const keys = s.conditions.map((c) => c.key.toLowerCase());
    for (const c of s.conditions) conditionKeys.add(c.key);
    const externalId = keys.includes('sts:externalid');
    const subConds = s.conditions.filter((c) => c.key.toLowerCase() === `${GITHUB_OIDC_HOST}:sub`);
    for (const p of s.principals) {
      principals.add(`${p.type}:${p.value}`);
      if (p.type === 'Service') services.add(p.value);
      if (p.type === 'AWS') {
        const account = principalAccount(p.value);
        if (account && account !== ownAccount) external.push({ account, externalId });
      }
      if (p.type === 'Federated' && p.value.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`)) {
        githubOidc = true;
        if (subConds.length === 0) githubWithoutSub = true;
        if (githubStatementOpen(s)) githubOpenTrust = true;
        for (const c of subConds)
          for (const v of c.values) {
            subjects.add(v);
            const t = githubTargetFor(v);
            if (t) targets.add(t);
          }
      }
      if (p.type === 'Federated' && p.value.includes(':saml-provider/')) saml.add(p.value);
      if (p.type === 'Federated' && p.value.includes(':oidc-provider/')) oidc.add(p.value);
    }
  }
  const samlOnly =
    allows.length > 0 &&
    allows.every(
      (s) =>
        !s.notPrincipal &&
        s.principals.length > 0 &&
        s.principals.every((p) => p.type === 'Federated' && p.value.includes(':saml-provider/')),
    );
  return {
    principals: [...principals].sort(),
    conditionKeys: [...conditionKeys].sort(),
    services: [...services].sort(),
    externalAccounts: external,
    crossAccountWithoutExternalId: external.some((e) => !e.externalId),
    githubOidc,
    githubWithoutSub,
    githubOpenTrust,
    githubTargets: [...targets].sort(),
    githubSubjects: [...subjects].sort(),
    oidcProviders: [...oidc].sort(),
    samlProviders: [...saml].sort(),
    samlOnly,
  };
}

/** The principals of the given types a statement trusts (none for a NotPrincipal statement: it trusts the rest). */
export function trustedPrincipals(s: TrustStatement, type: string): string[] {
  return s.notPrincipal ? [] : s.principals.filter((p) => p.type === type).map((p) => p.value);
}

/** A statement's condition keys, lower-cased (IAM condition keys are case-insensitive), across every operator. */
export const conditionKeysOf = (s: TrustStatement): string[] => s.conditions.map((c) => c.key.toLowerCase());

/** A condition operator without its set prefix (ForAnyValue:/ForAllValues:) and IfExists suffix. */
const baseOperator = (operator: string) => operator.replace(/^For(?:Any|All)Values:/i, '').replace(/IfExists$/i, '');

/** The repository owner a GitHub claim value names: `repo:<owner>/…` (sub), `<owner>/…` (repository, job_workflow_ref). */
function ownerOf(claim: string, value: string): string | null {
  if (claim === 'sub') return /^repo:([^/:]*)/.exec(value)?.[1] ?? null;
  if (claim === 'repository' || claim === 'job_workflow_ref') return /^([^/]*)(?:\/|$)/.exec(value)?.[1] ?? null;
  return value; // repository_id, enterprise_id: the value itself
}

/**
 * Whether one condition on a GitHub claim limits the workflows that match to named owners: StringEquals does (its
 * values are literal); StringLike does when no value's owner part has a wildcard (`*`, `?`); negated and other
 * operators do not.
 */
function restrictsOwner(c: TrustCondition, claim: string): boolean {
  const op = baseOperator(c.operator).toLowerCase();
  if (op === 'stringequals' || op === 'stringequalsignorecase') return c.values.length > 0;
  if (op !== 'stringlike') return false;
  return (
    c.values.length > 0 &&
    c.values.every((v) => {
      const owner = ownerOf(claim, v);
      return owner !== null && owner !== '' && !/[*?]/.test(owner);
    })
  );
}

/**
 * A statement trusting GitHub Actions OIDC accepts workflows of any repository: none of its conditions on `sub` or a
 * repository-scoping claim (GITHUB_SCOPING_CLAIMS) restricts the owner. Conditions on other claims (aud, ref, actor)
 * do not say which repository runs the workflow.
 */
export function githubStatementOpen(s: TrustStatement): boolean {
  const prefix = `${GITHUB_OIDC_HOST}:`;
  const scoping = new Set<string>(['sub', ...GITHUB_SCOPING_CLAIMS]);
  return !s.conditions.some((c) => {
    const key = c.key.toLowerCase();
    if (!key.startsWith(prefix)) return false;
    const claim = key.slice(prefix.length);
    return scoping.has(claim) && restrictsOwner(c, claim);
  });
}
