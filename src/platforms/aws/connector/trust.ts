import type { z } from 'zod';
import type { TrustConditionFacts, TrustPrincipalFacts, TrustStatementFacts } from '../facts.js';
import { decodePolicyDocument, isObject, statementsOf, strings } from './policy.js';

/**
 * The one parser of a role's trust (assume-role) policy: principals and conditions, plus what they imply. The
 * role transform emits its statements as typed facts (`attributes.trust`, ../facts.ts), which the rules read.
 */

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

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
  /** GitHub references the sub patterns point at (see githubTargetFor). */
  githubTargets: string[];
  githubSubjects: string[];
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
  let githubOidc = false;
  let githubWithoutSub = false;
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
        for (const c of subConds)
          for (const v of c.values) {
            subjects.add(v);
            const t = githubTargetFor(v);
            if (t) targets.add(t);
          }
      }
      if (p.type === 'Federated' && p.value.includes(':saml-provider/')) saml.add(p.value);
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
    githubTargets: [...targets].sort(),
    githubSubjects: [...subjects].sort(),
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
