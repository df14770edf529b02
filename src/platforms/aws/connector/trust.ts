import type { z } from 'zod';
import type { TrustConditionFacts, TrustPrincipalFacts, TrustStatementFacts } from '../facts.js';
import { decodePolicyDocument, statementsOf } from './policy.js';

/**
 * The one parser of a role's trust (assume-role) policy: principals and conditions, plus what they imply. The
 * role transform emits its statements as typed facts (`attributes.trust`, ../facts.ts), which the rules read.
 */

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export type TrustPrincipal = z.output<typeof TrustPrincipalFacts>;
export type TrustCondition = z.output<typeof TrustConditionFacts>;
export type TrustStatement = z.output<typeof TrustStatementFacts>;

const list = <T>(v: T | T[] | undefined | null): T[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];

function principalsOf(p: unknown): TrustPrincipal[] {
  if (p === '*') return [{ type: '*', value: '*' }];
  if (!p || typeof p !== 'object') return [];
  return Object.entries(p as Record<string, unknown>).flatMap(([type, v]) =>
    list(v as string | string[]).map((value) => ({ type, value: String(value) })),
  );
}

export function parseTrustPolicy(raw: string | object): TrustStatement[] {
  return statementsOf(decodePolicyDocument(raw)).map((s) => ({
    effect: s.Effect ?? 'Allow',
    actions: list(s.Action),
    principals: principalsOf(s.NotPrincipal ?? s.Principal),
    notPrincipal: s.NotPrincipal !== undefined,
    conditions: Object.entries(s.Condition ?? {}).flatMap(([operator, entries]) =>
      Object.entries(entries ?? {}).map(([key, values]) => ({
        operator,
        key,
        values: list(values as string | string[]).map(String),
      })),
    ),
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
