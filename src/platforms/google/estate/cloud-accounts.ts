import type { iam_v1 } from '@googleapis/iam';
import { DAY_MS } from '../../../lib/clock.js';
import { DEFAULT_THRESHOLDS } from '../../../config/thresholds.js';
import { keyRotationDays } from '../risks-cloud.js';
import { BASIC_ROLES, DISABLE_REASON_EXPOSED, KEY_EXPOSED, NO_EXPIRY, SA_ROLES } from './cloud-catalogue.js';
import { activity, authenticatedDay, grant, type ProjectDraft } from './cloud-projects.js';
import { type GenContext, identityId, label, numericId } from './context.js';
import type { CredentialFacts, PermissionFacts } from '../../../emulation/estate/generic-oracle.js';

type Account = iam_v1.Schema$ServiceAccount;
type Key = iam_v1.Schema$ServiceAccountKey;
type DefaultKind = 'compute_engine' | 'app_engine' | null;

/** What the generator decided about one key: its wire form and the facts a correct connector must produce. */
interface KeyDraft {
  wire: Key;
  facts: CredentialFacts;
  exposed: boolean;
}

const ageOf = (c: GenContext, at: string) => (c.now.getTime() - Date.parse(at)) / DAY_MS;
const iso = (s: string) => new Date(s).toISOString();

function makeKey(c: GenContext, p: ProjectDraft, sa: Account, uniqueId: string): KeyDraft {
  const keyId = c.rng.hex(40);
  const name = `${sa.name}/keys/${keyId}`;
  const created = c.rng.daysAgo(c.now, Math.min(c.rng.ageDays(900), 900) + 0.37);
  const expires = c.rng.chance(0.55)
    ? null
    : new Date(Date.parse(created) + c.rng.pick([90, 365, 730]) * DAY_MS).toISOString().replace('.000Z', 'Z');
  const exposed = c.rng.chance(0.03);
  const disabled = exposed ? c.rng.chance(0.5) : c.rng.chance(0.08);
  const used = c.rng.chance(0.75)
    ? authenticatedDay(c, c.rng.int(0, Math.max(0, Math.floor(ageOf(c, created)))))
    : null;
  if (used) p.keyActivities.push(activity(c, p, 'serviceAccountKeyLastAuthentication', name, uniqueId, used));
  const wire: Key = {
    name,
    validAfterTime: created,
    validBeforeTime: expires ?? NO_EXPIRY,
    keyAlgorithm: 'KEY_ALG_RSA_2048',
    keyOrigin: c.rng.chance(0.9) ? 'GOOGLE_PROVIDED' : 'USER_PROVIDED',
    keyType: 'USER_MANAGED',
    disabled,
    ...(exposed ? { extendedStatus: [{ key: KEY_EXPOSED, value: 'https://github.com/example/leak' }] } : {}),
    ...(exposed && disabled ? { disableReason: DISABLE_REASON_EXPOSED } : {}),
  };
  const facts: CredentialFacts = {
    id: keyId,
    type: 'private_key',
    createdAt: iso(created),
    expiresAt: expires ? iso(expires) : null,
    lastUsedAt: used ? iso(used) : null,
    enabled: !disabled,
    supportsExpiry: true,
    fingerprint: keyId,
  };
  return { wire, facts, exposed };
}

/** The account's roles: the defaults get Editor as Google grants it unless the org policy stops it. */
function grantRoles(c: GenContext, p: ProjectDraft, email: string, kind: DefaultKind): PermissionFacts[] {
  const roles =
    kind !== null
      ? c.rng.chance(kind === 'compute_engine' ? 0.7 : 0.5)
        ? [SA_ROLES[1]]
        : []
      : c.rng.sample(
          SA_ROLES.flatMap((r) => Array(r.weight).fill(r) as (typeof r)[]),
          c.rng.int(1, 3),
        );
  const unique = [...new Map(roles.map((r) => [r.role, r])).values()];
  for (const r of unique) {
    const conditional = !BASIC_ROLES.has(r.role) && c.rng.chance(0.1);
    const condition = conditional
      ? { title: 'business hours', expression: 'request.time.getHours("Europe/Berlin") < 19' }
      : undefined;
    grant(p, r.role, `serviceAccount:${email}`, condition);
  }
  return unique.map((r) => ({
    nativeName: r.role,
    access: r.access,
    sensitivity: r.sensitivity,
    pathToAdmin: r.pathToAdmin,
  }));
}

/** Google risks of one account, by ../risks-cloud.ts' definitions, from what the generator decided. */
function accountRisks(
  c: GenContext,
  enabled: boolean,
  kind: DefaultKind,
  keys: KeyDraft[],
  perms: PermissionFacts[],
): string[] {
  const t = DEFAULT_THRESHOLDS;
  const live = keys.filter((k) => k.facts.enabled);
  const risks: string[] = [];
  const broad = perms.some((p) => BASIC_ROLES.has(p.nativeName));
  if (live.some((k) => ageOf(c, k.facts.createdAt as string) > keyRotationDays(t.rotationDays)))
    risks.push('google-sa-key-not-rotated');
  if (live.some((k) => k.facts.expiresAt === null)) risks.push('google-sa-key-no-expiry');
  if (live.some((k) => k.exposed)) risks.push('google-sa-key-exposed');
  const idle = (k: KeyDraft) =>
    k.facts.lastUsedAt
      ? ageOf(c, k.facts.lastUsedAt) > t.staleDays
      : ageOf(c, k.facts.createdAt as string) > t.staleDays;
  if (live.some(idle)) risks.push('google-sa-key-unused');
  if (enabled && broad) risks.push('google-sa-owner-editor');
  if (enabled && broad && kind !== null) risks.push('google-default-sa-broad-role');
  if (!enabled && live.length > 0) risks.push('google-disabled-sa-active-keys');
  return risks;
}

/** The account's local part and default kind: the first of a project is Compute Engine's default, some App Engine's. */
function naming(
  c: GenContext,
  p: ProjectDraft,
  nth: number,
  index: number,
): { email: string; kind: DefaultKind; display: string } {
  if (nth === 0)
    return {
      email: `${p.number}-compute@developer.gserviceaccount.com`,
      kind: 'compute_engine',
      display: 'Compute Engine default service account',
    };
  if (nth === 1 && index % 3 === 0)
    return {
      email: `${p.projectId}@appspot.gserviceaccount.com`,
      kind: 'app_engine',
      display: 'App Engine default service account',
    };
  const job = c.rng.pick(['etl', 'sync', 'deploy', 'backup', 'report', 'ingest', 'scheduler', 'api']);
  return { email: `${job}-${index}@${p.projectId}.iam.gserviceaccount.com`, kind: null, display: `${job} ${index}` };
}

/** One service account with keys, roles and usage, its label, and its OAuth client for delegation. */
export function generateAccount(
  c: GenContext,
  p: ProjectDraft,
  nth: number,
  index: number,
): { account: Account; keys: Key[] } {
  const { email, kind, display } = naming(c, p, nth, index);
  const uniqueId = numericId(c, '11', index);
  const owner = kind === null && c.rng.chance(0.55) ? c.rng.pick(c.company.people) : null;
  const enabled = !c.rng.chance(0.06);
  const sa: Account = {
    name: `projects/${p.projectId}/serviceAccounts/${email}`,
    projectId: p.projectId,
    uniqueId,
    email,
    displayName: display,
    ...(owner ? { description: `${display} job; owner: ${owner.email}` } : {}),
    oauth2ClientId: uniqueId,
    disabled: !enabled,
    etag: `MDEw${c.rng.token(8)}=`,
  };
  const keys = Array.from(
    {
      length: kind
        ? 0
        : c.rng.weighted([
            [0, 45],
            [1, 40],
            [2, 15],
          ] as const),
    },
    () => makeKey(c, p, sa, uniqueId),
  );
  const permissions = grantRoles(c, p, email, kind);
  const lastKey =
    keys
      .map((k) => k.facts.lastUsedAt)
      .filter((x): x is string => x !== null)
      .sort()
      .at(-1) ?? null;
  const own = c.rng.chance(0.8) ? authenticatedDay(c, c.rng.int(0, 500)) : null;
  const used =
    [own ? iso(own) : null, lastKey]
      .filter((x): x is string => x !== null)
      .sort()
      .at(-1) ?? null;
  if (used)
    p.saActivities.push(
      activity(c, p, 'serviceAccountLastAuthentication', sa.name as string, uniqueId, used.replace('.000Z', 'Z')),
    );
  const id = identityId(c, 'service_account', uniqueId);
  c.serviceAccountClients.push({ oauth2ClientId: uniqueId, email, identityId: id });
  const ownerFact = owner
    ? { email: owner.email, source: 'explicit_owner' as const, departed: owner.status === 'departed' }
    : p.saAdmin
      ? { email: p.saAdmin, source: 'repo_admin' as const, departed: false }
      : null;
  label(c, {
    id,
    tenant: c.tenant,
    kind: 'service_account',
    name: email,
    createdAt: null,
    lastUsedAt: used,
    usageTracked: true,
    enabled,
    thirdParty: false,
    publisherVerified: null,
    interactive: false,
    credentials: keys.map((k) => k.facts),
    permissions,
    owner: ownerFact,
    platformRisks: accountRisks(c, enabled, kind, keys, permissions),
  });
  return { account: sa, keys: keys.map((k) => k.wire) };
}
