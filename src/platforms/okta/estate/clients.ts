import type { PermissionFacts } from './oracle.js';
import { ADMIN_SCOPES, ROLES, SHARED_SECRET_METHODS, roleName, tierOf } from './catalogue.js';
import { type GenContext, identityId, label, ownerOf, visibleUse } from './context.js';
import { jwkFacts, secretFacts } from './credentials.js';
import { logClientUse, pickLastUse } from './logs.js';
import { type AppPlan, oidcApp, servicePlan, ssoApp } from './apps.js';
import type { OktaAppData } from './types.js';

/** Active scope grants and active client roles, as permission facts from the estate catalogue. */
function appPermissions(app: OktaAppData): PermissionFacts[] {
  const names = [
    ...app.grants.filter((g) => g.status === 'ACTIVE').map((g) => g.scopeId),
    ...app.roles.filter((r) => r.status === 'ACTIVE').map((r) => roleName(r.type)),
  ];
  return [...new Set(names)].map((nativeName) => ({ nativeName, ...tierOf(nativeName) }));
}

/** An admin-tier scope or an admin role (SUPER_ADMIN, ORG_ADMIN): what okta-service-app-admin-scopes looks for. */
export const holdsAdmin = (permissions: PermissionFacts[]): boolean =>
  permissions.some(
    (p) =>
      ADMIN_SCOPES.includes(p.nativeName) ||
      (p.nativeName.startsWith('role:') && ROLES[p.nativeName.slice(5)]?.access === 'admin'),
  );

function serviceRisks(app: OktaAppData, permissions: PermissionFacts[]): string[] {
  const risks: string[] = [];
  if (holdsAdmin(permissions)) risks.push('okta-service-app-admin-scopes');
  const method = app.oauthClient?.tokenEndpointAuthMethod ?? 'none';
  if ((SHARED_SECRET_METHODS as readonly string[]).includes(method)) risks.push('okta-service-app-shared-secret');
  return risks;
}

/** The app's owner: the creator of its earliest ADMIN grant (grants are kept in created order). */
const grantCreator = (app: OktaAppData): string | null => app.grants[0]?.createdBy ?? null;

function labelApp(c: GenContext, app: OktaAppData, service: boolean, lastUse: string | null): void {
  const id = identityId(c, service ? 'service_app' : 'oauth_app', app.id);
  const permissions = appPermissions(app);
  label(c, {
    id,
    tenant: c.subdomain,
    kind: service ? 'service_account' : 'oauth_app',
    name: app.label,
    createdAt: app.created,
    lastUsedAt: visibleUse(c, lastUse),
    usageTracked: true,
    enabled: app.status === 'ACTIVE',
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: [...app.secrets.map((s) => secretFacts(id, s)), ...app.jwks.map((k) => jwkFacts(id, k))],
    permissions,
    owner: ownerOf(c, grantCreator(app)),
    platformRisks: service ? serviceRisks(app, permissions) : [],
  });
}

function useOf(c: GenContext, app: OktaAppData, plan: AppPlan, service: boolean): string | null {
  const lastUse = app.status === 'ACTIVE' ? pickLastUse(c, app.created, plan.oldSecret) : null;
  logClientUse(c, app.id, app.label, visibleUse(c, lastUse), service);
  return lastUse;
}

/** Service apps (client credentials), then web and browser OIDC apps, then human SSO apps (not NHIs). */
export function generateApps(c: GenContext, services: number, clients: number): OktaAppData[] {
  const apps: OktaAppData[] = [];
  for (let i = 0; i < services; i++) {
    const plan = servicePlan(i);
    const app = oidcApp(c, 'service', i, plan);
    labelApp(c, app, true, useOf(c, app, plan, true));
    apps.push(app);
  }
  for (let i = 0; i < clients; i++) {
    const app = oidcApp(c, c.rng.chance(0.6) ? 'web' : 'browser', services + i);
    labelApp(c, app, false, useOf(c, app, servicePlan(-1), false));
    apps.push(app);
  }
  // Human SSO apps: a few per ten OIDC apps, a few hundred at most (what an org of any size typically runs).
  const sso = Math.max(2, Math.min(500, Math.round((services + clients) / 4)));
  for (let i = 0; i < sso; i++) apps.push(ssoApp(c, i));
  return apps;
}
