import { ADMIN_SCOPES, READ_SCOPES, ROLES, SHARED_SECRET_METHODS, WRITE_SCOPES } from './catalogue.js';
import { type GenContext, ago, daysSince, oktaId } from './context.js';
import { makeJwks, makeSecrets } from './credentials.js';
import { roleAssignment } from './users.js';
import type { OktaAppData, OktaGrantData, OktaOauthClientData, OktaRoleData } from './types.js';
import { APP_WORDS, SSO_APPS } from './names.js';

/** What a service app is planted with (index-based, so every estate carries each risk). */
export interface AppPlan {
  adminScope: boolean;
  adminRole: boolean;
  sharedSecret: boolean;
  twoActiveSecrets: boolean;
  oldSecret: boolean;
}

const NO_PLAN: AppPlan = {
  adminScope: false,
  adminRole: false,
  sharedSecret: false,
  twoActiveSecrets: false,
  oldSecret: false,
};

export function servicePlan(i: number): AppPlan {
  if (i === 0) return { ...NO_PLAN, adminScope: true, sharedSecret: true };
  if (i === 1) return { ...NO_PLAN, adminRole: true };
  if (i === 2) return { ...NO_PLAN, sharedSecret: true, twoActiveSecrets: true, oldSecret: true };
  return NO_PLAN;
}

function grant(
  c: GenContext,
  scopeId: string,
  n: number,
  createdIso: string,
  by: string,
  active: boolean,
): OktaGrantData {
  return {
    id: oktaId(c, 'oag', c.labels.length * 16 + n),
    scopeId,
    status: active ? 'ACTIVE' : 'REVOKED',
    createdBy: by,
    created: createdIso,
  };
}

/** Scopes granted to a client: mostly reads, sometimes writes, admin scopes when planted or by chance. */
function pickScopes(c: GenContext, plan: AppPlan, service: boolean): string[] {
  const scopes = new Set(c.rng.sample(READ_SCOPES, c.rng.int(service ? 1 : 0, 3)));
  if (c.rng.chance(service ? 0.25 : 0.08)) scopes.add(c.rng.pick(WRITE_SCOPES));
  if (plan.adminScope || c.rng.chance(service ? 0.08 : 0.02)) scopes.add(c.rng.pick(ADMIN_SCOPES));
  return [...scopes];
}

/** Grants in created order; the first is ACTIVE, a later one may have been revoked. No grants → no creator. */
function grantsFor(c: GenContext, scopes: string[], createdIso: string): OktaGrantData[] {
  if (scopes.length === 0 || c.appAdmins.length === 0) return [];
  const by = c.appAdmins[Math.floor(c.appAdmins.length * c.rng.next() ** 1.5)].id;
  const age = daysSince(createdIso, c.now);
  let days = Math.max(1, age - c.rng.next() * Math.min(age - 1, 30));
  const grants = scopes.map((s, n) => {
    days = Math.max(0.5, days - c.rng.next() * 5);
    return grant(c, s, n, ago(c, days), by, true);
  });
  if (c.rng.chance(0.15)) grants.push(grant(c, c.rng.pick(READ_SCOPES), scopes.length, ago(c, days * 0.5), by, false));
  return grants.filter((g, n, all) => all.findIndex((x) => x.scopeId === g.scopeId && x.status === g.status) === n);
}

function clientRoles(c: GenContext, plan: AppPlan, createdIso: string): OktaRoleData[] {
  const pick = plan.adminRole ? 'SUPER_ADMIN' : c.rng.chance(0.1) ? c.rng.pick(Object.keys(ROLES)) : null;
  if (!pick) return [];
  return [roleAssignment(c, pick, c.labels.length * 2, Math.max(1, daysSince(createdIso, c.now) - 2))];
}

// Shared (never mutated) lists: a million-NHI estate holds hundreds of thousands of clients.
const SERVICE_GRANTS: string[] = ['client_credentials'];
const USER_GRANTS: string[] = ['authorization_code', 'refresh_token'];
const TOKEN_RESPONSE: string[] = ['token'];
const CODE_RESPONSE: string[] = ['code'];
const NO_REDIRECTS: string[] = [];

function oauthClient(c: GenContext, kind: 'service' | 'web' | 'browser', plan: AppPlan): OktaOauthClientData {
  const method =
    kind === 'browser'
      ? 'none'
      : plan.sharedSecret
        ? c.rng.pick(SHARED_SECRET_METHODS)
        : kind === 'service' && !plan.adminRole && c.rng.chance(0.55)
          ? c.rng.pick(SHARED_SECRET_METHODS)
          : kind === 'service'
            ? 'private_key_jwt'
            : 'client_secret_basic';
  const service = kind === 'service';
  return {
    applicationType: kind,
    grantTypes: service ? SERVICE_GRANTS : USER_GRANTS,
    responseTypes: service ? TOKEN_RESPONSE : CODE_RESPONSE,
    redirectUris: service ? NO_REDIRECTS : [`https://${c.rng.pick(APP_WORDS)}.${c.company.domain}/callback`],
    tokenEndpointAuthMethod: method,
    pkceRequired: kind === 'browser',
    autoKeyRotation: true,
  };
}

/** A key-based app that once used a client secret keeps it, deactivated (the planted admin-role app always does). */
function legacySecrets(c: GenContext, created: string, plan: AppPlan, client: OktaOauthClientData) {
  if (client.tokenEndpointAuthMethod !== 'private_key_jwt' || (!plan.adminRole && !c.rng.chance(0.1))) return [];
  return makeSecrets(c, created)
    .slice(0, 1)
    .map((x) => ({ ...x, status: 'INACTIVE' as const }));
}

/** One OIDC app (a service app when kind is 'service'). */
export function oidcApp(c: GenContext, kind: 'service' | 'web' | 'browser', i: number, plan = NO_PLAN): OktaAppData {
  const planted = plan.oldSecret || plan.twoActiveSecrets;
  const createdDays = planted ? 420 + c.rng.int(0, 900) : c.rng.ageDays(2000) + c.rng.next();
  const created = ago(c, createdDays);
  const client = oauthClient(c, kind, plan);
  const usesSecret = client.tokenEndpointAuthMethod.startsWith('client_secret');
  const label = `${c.rng.pick(APP_WORDS)}-${kind === 'service' ? c.rng.pick(['sync', 'bot', 'worker', 'etl', 'scim']) : c.rng.pick(['portal', 'console', 'web', 'app'])}${i}`;
  return {
    id: oktaId(c, '0oa', i),
    name: 'oidc_client',
    label,
    status: c.rng.chance(0.93) || planted ? 'ACTIVE' : 'INACTIVE',
    created,
    lastUpdated: ago(c, c.rng.next() * createdDays),
    signOnMode: 'OPENID_CONNECT',
    oauthClient: client,
    url: null,
    secrets: usesSecret
      ? makeSecrets(c, created, plan.twoActiveSecrets, plan.oldSecret)
      : legacySecrets(c, created, plan, client),
    jwks: client.tokenEndpointAuthMethod === 'private_key_jwt' ? makeJwks(c, created) : [],
    keys: [],
    grants: grantsFor(c, pickScopes(c, plan, kind === 'service'), created),
    roles: kind === 'service' ? clientRoles(c, plan, created) : [],
  };
}

/** A human SSO app (SAML, bookmark, auto-login): served by the emulator, never an NHI. */
export function ssoApp(c: GenContext, i: number): OktaAppData {
  const [label, mode] = c.rng.pick(SSO_APPS);
  const created = ago(c, c.rng.ageDays(2500) + c.rng.next());
  const keys =
    mode === 'SAML_2_0'
      ? [{ kid: oktaId(c, 'kid', i), created, lastUpdated: created, expiresAt: ago(c, -c.rng.int(60, 3000)), x5c: '' }]
      : [];
  return {
    id: oktaId(c, '0oa', 500_000_000 + i),
    name:
      mode === 'SAML_2_0'
        ? `${c.subdomain}_${label.toLowerCase().replace(/\W+/g, '')}_1`
        : mode === 'BOOKMARK'
          ? 'bookmark'
          : 'template_swa',
    label,
    status: 'ACTIVE',
    created,
    lastUpdated: created,
    signOnMode: mode,
    oauthClient: null,
    url: `https://${label.toLowerCase().replace(/\W+/g, '')}.example.com/${mode === 'SAML_2_0' ? 'saml' : 'login'}`,
    secrets: [],
    jwks: [],
    keys,
    grants: [],
    roles: [],
  };
}
