import { ARCHETYPE_WEIGHTS, ARCHETYPES, VENDORS } from './app-catalogue.js';
import { appPermission, ORG_WIDE_SENSITIVE_KEYS } from './catalogue.js';
import { between, daysSince, type GenContext, identityId, label, pickRepo, userStub } from './context.js';
import type { PermissionFacts } from './oracle.js';
import type { GhAppData, GhInstallationData, GhUserStub } from './types.js';

/** Steward's own read-only App: the first installation, the one the emulator lets a scan authenticate as. */
const SCANNER_PERMISSIONS: Record<string, string> = {
  administration: 'read',
  members: 'read',
  metadata: 'read',
  organization_administration: 'read',
  organization_hooks: 'read',
  organization_personal_access_token_requests: 'read',
  organization_personal_access_tokens: 'read',
  organization_secrets: 'read',
  repository_hooks: 'read',
  secrets: 'read',
};

/** `key: level` permissions → their facts from the estate's own catalogue. */
export function appPermissionFacts(perms: Record<string, string>): PermissionFacts[] {
  return Object.entries(perms).map(([k, v]) => ({ nativeName: `${k}:${v}`, ...appPermission(k, v) }));
}

const orgOwner = (c: GenContext): GhUserStub => ({ login: c.orgLogin, id: c.orgId, type: 'Organization' });

interface PlannedApp {
  app: GhAppData;
  selection: 'all' | 'selected';
}

function scannerApp(c: GenContext, appCreated: string): PlannedApp {
  const app: GhAppData = {
    id: 1_000_001,
    slug: 'steward-scanner',
    name: 'Steward NHI Scanner',
    client_id: `Iv23li${c.rng.token(14)}`,
    owner: orgOwner(c),
    description: 'Read-only NHI discovery',
    external_url: 'https://steward.acme-internal.test',
    created_at: appCreated,
    updated_at: appCreated,
    permissions: { ...SCANNER_PERMISSIONS },
    events: [],
  };
  return { app, selection: 'all' };
}

/** App number `i` ≥ 1. Apps 1 and 2 are planted: an org-wide governance App, a user-owned secrets-sync App. */
function otherApp(c: GenContext, i: number, appCreated: string): PlannedApp {
  const { rng } = c;
  const firstParty = i > 2 && rng.chance(0.18);
  const vendor = i - 1 < VENDORS.length && !firstParty ? VENDORS[(i - 1) % VENDORS.length] : null;
  const arch = i === 1 ? 6 : i === 2 ? 7 : vendor ? vendor.archetype : rng.weighted(ARCHETYPE_WEIGHTS);
  const archetype = ARCHETYPES[arch];
  const perms = { ...archetype.permissions };
  if (rng.chance(0.1)) perms.actions = 'read';
  const selection = i <= 2 ? 'all' : rng.chance(0.55) ? 'all' : 'selected';
  const ownerType = vendor ? vendor.ownerType : rng.chance(0.2) ? 'User' : 'Organization';
  const slug = vendor
    ? vendor.slug
    : firstParty
      ? `${c.orgLogin}-${archetype.kind}-${i}`
      : `${archetype.kind}-app-${i}`;
  const owner: GhUserStub = firstParty
    ? orgOwner(c)
    : {
        login: vendor ? vendor.owner : `${ownerType === 'User' ? 'dev' : 'vendor'}-${archetype.kind}-${i}`,
        id: 70_000_000 + i * 3,
        type: ownerType,
      };
  const app: GhAppData = {
    id: 1_000_001 + i * 11,
    slug,
    name: vendor ? vendor.name : slug.replace(/-/g, ' '),
    client_id: `Iv23li${rng.token(14)}`,
    owner,
    description: rng.chance(0.6) ? `${archetype.kind} integration` : null,
    external_url: `https://${owner.login.toLowerCase()}.example.test`,
    created_at: appCreated,
    updated_at: appCreated,
    permissions: perms,
    events: archetype.events,
  };
  return { app, selection };
}

function installationOf(c: GenContext, i: number, { app, selection }: PlannedApp): GhInstallationData {
  const { rng, now } = c;
  const created = rng.daysAgo(now, Math.min(daysSince(app.created_at, now) - 1, rng.ageDays(2000) - rng.next()));
  const suspended = i > 1 && rng.chance(0.08);
  return {
    id: 40_000_000 + i * 13,
    app_id: app.id,
    app_slug: app.slug,
    client_id: app.client_id,
    repository_selection: selection,
    repository_ids:
      selection === 'selected' ? [...new Set(Array.from({ length: rng.int(1, 4) }, () => pickRepo(c).id))] : [],
    permissions: app.permissions,
    events: app.events,
    created_at: created,
    updated_at: between(c, daysSince(created, now), 0),
    suspended_at: suspended ? between(c, daysSince(created, now), 0) : null,
    suspended_by: suspended ? userStub(c.memberPeople[0]) : null,
    contact_email: app.owner.type === 'Organization' ? `support@${app.owner.login.toLowerCase()}.example.test` : null,
  };
}

function labelInstallation(c: GenContext, app: GhAppData, inst: GhInstallationData): void {
  const perms = inst.permissions;
  const orgWideSensitive =
    inst.repository_selection === 'all' &&
    ORG_WIDE_SENSITIVE_KEYS.some((k) => perms[k] === 'write' || perms[k] === 'admin');
  label(c, {
    id: identityId(c, 'installation', inst.id),
    tenant: c.orgLogin,
    kind: 'oauth_app',
    name: app.slug,
    createdAt: inst.created_at,
    lastUsedAt: null,
    usageTracked: false,
    enabled: inst.suspended_at === null,
    thirdParty: app.owner.login.toLowerCase() !== c.orgLogin.toLowerCase(),
    publisherVerified: app.owner.type !== 'User',
    interactive: false,
    credentials: [],
    permissions: appPermissionFacts(perms),
    owner: null,
    platformRisks: orgWideSensitive ? ['github-app-org-wide-sensitive-write'] : [],
  });
}

/** GitHub Apps and their org installations; the first is Steward's own first-party scanner App. */
export function generateInstallations(c: GenContext, count: number) {
  const apps: GhAppData[] = [];
  const installations: GhInstallationData[] = [];
  for (let i = 0; i < count; i++) {
    const appCreated = c.rng.daysAgo(c.now, c.rng.ageDays(2800) + 30);
    const planned = i === 0 ? scannerApp(c, appCreated) : otherApp(c, i, appCreated);
    const inst = installationOf(c, i, planned);
    apps.push(planned.app);
    installations.push(inst);
    labelInstallation(c, planned.app, inst);
  }
  return { apps, installations };
}
