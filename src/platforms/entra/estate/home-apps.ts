import { avoid, HOME_PURPOSES, type HomeSpec, type RoleRef, type SecretSpec } from './specs.js';
import { blankSp, type TenantBuilder } from './tenant-builder.js';
import type { GraphApplication, GraphServicePrincipalLockConfiguration } from './types.js';

/**
 * Entra registers new applications with the app instance property lock on (all properties); older registrations
 * have none. The generator treats apps younger than this as registered under that default (no random draw).
 */
export const LOCKED_BY_DEFAULT_DAYS = 400;
export const FULL_LOCK: GraphServicePrincipalLockConfiguration = {
  isEnabled: true,
  allProperties: true,
  credentialsWithUsageVerify: true,
  credentialsWithUsageSign: true,
  identifierUris: true,
  tokenEncryptionKeyId: true,
};

/**
 * An application registered in the tenant, usually with its home service principal (permissions, grants and
 * sign-ins hang off the SP). Unset spec fields are drawn at random.
 */
export function makeHome(b: TenantBuilder, s: HomeSpec): void {
  const { rng } = b;
  const team = rng.pick(b.org.teams);
  const name = b.uniqueName(`${team}-${rng.pick(HOME_PURPOSES)}`);
  const ageDays = avoid(s.ageDays ?? rng.ageDays(2500) + 5, [90]);
  const app = registerApplication(b, s, name, ageDays);
  addOwnerAndFederation(b, s, app, name);
  if (!(s.sp ?? rng.chance(0.95))) return;
  addHomeServicePrincipal(b, s, app, name, ageDays);
}

function registerApplication(b: TenantBuilder, s: HomeSpec, name: string, ageDays: number): GraphApplication {
  const { rng } = b;
  const secrets =
    s.secrets ??
    Array.from(
      {
        length: rng.weighted([
          [0, 2],
          [1, 5.5],
          [2, 2],
          [3, 0.5],
        ]),
      },
      () => b.randomSecret(ageDays),
    );
  const certs: SecretSpec[] =
    s.certs ??
    (rng.chance(0.18) ? [{ ageDays: rng.int(1, Math.min(ageDays, 800)), lifetimeDays: rng.pick([363, 730]) }] : []);
  // Drawn even when the spec names the audience, so a planted audience leaves every later draw unchanged.
  const drawnAudience = rng.chance(0.85) ? 'AzureADMyOrg' : 'AzureADMultipleOrgs';
  const audience = s.audience ?? drawnAudience;
  const app: GraphApplication = {
    id: rng.uuid(),
    appId: rng.uuid(),
    displayName: name,
    createdDateTime: b.iso(ageDays),
    deletedDateTime: null,
    description: null,
    signInAudience: audience,
    publisherDomain: b.data.tenantDomain,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    identifierUris: [],
    tags: [],
    notes: null,
    requiredResourceAccess: [],
    appRoles: [],
    passwordCredentials: secrets.map((x, i) => b.password(x, i === 0 ? 'primary' : `secret-${i + 1}`)),
    keyCredentials: certs.map((x) => b.certificate(x, name)),
    servicePrincipalLockConfiguration: (s.instanceLock ?? ageDays <= LOCKED_BY_DEFAULT_DAYS) ? FULL_LOCK : null,
  };
  app.identifierUris = [`api://${app.appId}`];
  b.data.applications.push(app);
  return app;
}

function addOwnerAndFederation(b: TenantBuilder, s: HomeSpec, app: GraphApplication, name: string): void {
  const { rng } = b;
  const owner = b.pickOwner(
    s.owner ??
      rng.weighted([
        ['active', 0.5],
        ['departed', 0.12],
        ['none', 0.38],
      ] as const),
  );
  if (owner) b.data.owners[app.id] = [b.userIdByEmail.get(owner.email) as string];
  if (s.spOwners) {
    // Workloads of this organisation (not Microsoft's resources) listed so far.
    const workloads = b.data.servicePrincipals.filter((sp) => sp.appOwnerOrganizationId === b.data.tenantId);
    const picked = rng.sample(workloads, Math.min(s.spOwners, workloads.length)).map((sp) => sp.id);
    b.data.owners[app.id] = [...(b.data.owners[app.id] ?? []), ...picked];
  }
  if (s.fic ?? rng.chance(0.12)) {
    const repo = `${b.org.name}/${name.replace(/[^a-z0-9-]/g, '')}`;
    b.data.federatedIdentityCredentials[app.id] = [
      {
        id: rng.uuid(),
        name: 'github-actions-main',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: `repo:${repo}:ref:refs/heads/main`,
        audiences: ['api://AzureADTokenExchange'],
        description: 'GitHub Actions deploys from main',
      },
    ];
  }
}

function addHomeServicePrincipal(
  b: TenantBuilder,
  s: HomeSpec,
  app: GraphApplication,
  name: string,
  ageDays: number,
): void {
  const { rng } = b;
  const sp = blankSp(rng.uuid(), app.appId, name, b.data.tenantId);
  sp.accountEnabled = s.spEnabled ?? rng.chance(0.93);
  sp.signInAudience = app.signInAudience;
  sp.servicePrincipalNames = [app.appId, `api://${app.appId}`];
  sp.tags = ['WindowsAzureActiveDirectoryIntegratedApp'];
  sp.publisherName = b.org.name;
  const spSecrets = s.spSecrets ?? (rng.chance(0.04) ? [b.randomSecret(ageDays)] : []);
  sp.passwordCredentials = spSecrets.map((x) => b.password(x, 'sp-secret'));
  sp.keyCredentials = (s.spCerts ?? []).map((x) => b.certificate(x, `${name}-sp`));
  b.data.servicePrincipals.push(sp);
  const roles = s.appRoles ?? b.randomRoles(0.35, 0.06);
  app.requiredResourceAccess = requiredResourceAccess(b, roles);
  b.assign(sp.id, name, roles, ageDays);
  const delegated =
    s.delegated !== undefined
      ? s.delegated
      : rng.chance(0.25)
        ? { consent: 'AllPrincipals' as const, scopes: ['openid', 'profile', 'User.Read'] }
        : null;
  if (delegated) b.delegate(sp.id, delegated);
  b.assignDirectoryRoles(sp.id, s.directoryRoles ?? b.randomDirectoryRoles(0.01), app.id);
  b.rate(sp, s.risk);
  b.signIn(
    app.appId,
    s.lastSignInDaysAgo !== undefined ? s.lastSignInDaysAgo : b.randomLastSignIn(ageDays, 0.25, 0.25),
    false,
  );
}

/** The app registration's declared API permissions: the app roles it is assigned, by resource appId. */
function requiredResourceAccess(b: TenantBuilder, roles: RoleRef[]): GraphApplication['requiredResourceAccess'] {
  const required = new Map<string, Array<{ id: string; type: 'Scope' | 'Role' }>>();
  for (const ref of roles) {
    const { resource, fact } = b.role(ref);
    const list = required.get(resource.sp.appId) ?? [];
    list.push({ id: (fact as { id: string }).id, type: 'Role' });
    required.set(resource.sp.appId, list);
  }
  return [...required].map(([resourceAppId, resourceAccess]) => ({ resourceAppId, resourceAccess }));
}
