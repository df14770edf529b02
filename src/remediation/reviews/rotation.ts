import { randomUUID } from 'node:crypto';
import { DAY_MS } from '../../lib/clock.js';
import { UserError } from '../../lib/errors.js';
import type { Credential } from '../../model/index.js';
import { appendAudit, type IdentityView, listIdentityViews, type Store } from '../../store/index.js';
import type { RotationItemsTable } from '../../store/schema.js';
import { type RotationCoverage, rotationCoverage } from './rotation-coverage.js';

/**
 * Rotation and expiry campaigns: every enabled credential older than a window or expiring within N days, grouped by
 * owner, re-checked against the inventory after each scan until done. Done means the credential (or its identity) is
 * no longer listed, is disabled, or a newer credential of the same type replaced it. A credential whose source did not
 * answer in the last scan, or whose tenant's latest scan did not succeed, is `unknown`: not done (unknown is not empty).
 */
export interface RotationCriteria {
  olderThanDays: number | null;
  expiringWithinDays: number | null;
  platform?: string;
  tenant?: string;
}

export interface RotationStart {
  name: string;
  criteria: RotationCriteria;
  createdBy: string;
  /** The API token that starts it (null from the CLI), for the audit row. */
  actorTokenId?: string | null;
  now: Date;
}

export type RotationState = 'open' | 'done' | 'unknown';

export interface RotationItem {
  credentialId: string;
  identityId: string;
  platform: string;
  tenant: string;
  label: string;
  owner: string | null;
  why: string;
  created: string | null;
  expires: string | null;
  state: RotationState;
  detail: string | null;
  doneAt: string | null;
  /** The remediation plan of this campaign that rotates or retires it (`rotation plan`), if any. */
  plan: RotationCoverage | null;
}

/** Which criterion a credential meets ('' when none). */
function why(c: Credential, criteria: RotationCriteria, now: Date): string {
  const old =
    criteria.olderThanDays !== null &&
    !!c.createdAt &&
    now.getTime() - Date.parse(c.createdAt) > criteria.olderThanDays * DAY_MS;
  const expiring =
    criteria.expiringWithinDays !== null &&
    !!c.expiresAt &&
    Date.parse(c.expiresAt) - now.getTime() <= criteria.expiringWithinDays * DAY_MS;
  return [old && `older than ${criteria.olderThanDays} days`, expiring && `expires ${c.expiresAt?.slice(0, 10)}`]
    .filter(Boolean)
    .join(' and ');
}

const ownerOf = (i: IdentityView) =>
  i.owner?.email ?? (i.owner?.team ? `team:${i.owner.team}` : (i.owner?.login ?? null));

export async function startRotation(store: Store, req: RotationStart): Promise<{ id: string; items: RotationItem[] }> {
  const { criteria, now } = req;
  if (criteria.olderThanDays === null && criteria.expiringWithinDays === null)
    throw new UserError('a rotation campaign needs --older-than and/or --expiring-within');
  const exists = await store.db
    .selectFrom('rotation_campaigns')
    .select('id')
    .where('name', '=', req.name)
    .executeTakeFirst();
  if (exists) throw new UserError(`a rotation campaign named "${req.name}" exists`);
  const items: RotationItem[] = [];
  for (const identity of await listIdentityViews(store, { platform: criteria.platform, tenant: criteria.tenant }))
    for (const c of identity.credentials.filter((x) => x.enabled)) {
      const reason = why(c, criteria, now);
      if (!reason) continue;
      items.push({
        credentialId: c.id,
        identityId: identity.id,
        platform: identity.platform,
        tenant: identity.tenant,
        label: `${identity.name} ${c.type} ${c.name ?? c.id}`,
        owner: ownerOf(identity),
        why: reason,
        created: c.createdAt,
        expires: c.expiresAt,
        state: 'open',
        detail: null,
        doneAt: null,
        plan: null,
      });
    }
  if (items.length === 0) throw new UserError('no enabled credential meets the criteria; nothing to rotate');
  const id = `rotation-${randomUUID().slice(0, 8)}`;
  await saveRotation(store, id, req, items);
  return { id, items };
}

async function saveRotation(store: Store, id: string, req: RotationStart, items: RotationItem[]) {
  const at = req.now.toISOString();
  await store.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('rotation_campaigns')
      .values({
        id,
        name: req.name,
        created_at: at,
        created_by: req.createdBy,
        criteria: JSON.stringify(req.criteria),
        status: 'open',
      })
      .execute();
    for (let i = 0; i < items.length; i += 200)
      await tx
        .insertInto('rotation_items')
        .values(
          items.slice(i, i + 200).map((x) => ({
            campaign_id: id,
            credential_id: x.credentialId,
            identity_id: x.identityId,
            platform: x.platform,
            tenant: x.tenant,
            label: x.label,
            owner: x.owner,
            why: x.why,
            created: x.created,
            expires: x.expires,
            state: 'open',
            detail: null,
            checked_at: at,
            done_at: null,
          })),
        )
        .execute();
    await appendAudit(tx, {
      actorTokenId: req.actorTokenId ?? null,
      actorName: req.createdBy,
      action: 'rotation.start',
      target: id,
      detail: { name: req.name, criteria: req.criteria, credentials: items.length },
      at,
    });
  });
}

/** Each open (or unknown) item checked against the current inventory; returns every item with its state. */
export async function rotationStatus(
  store: Store,
  ref: string,
  now: Date,
): Promise<{ id: string; name: string; items: RotationItem[] }> {
  const campaign = await store.db
    .selectFrom('rotation_campaigns')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
    .executeTakeFirst();
  if (!campaign) throw new UserError(`no rotation campaign "${ref}" (see \`steward rotation list\`)`);
  const rows = await store.db.selectFrom('rotation_items').selectAll().where('campaign_id', '=', campaign.id).execute();
  const pending = rows.filter((r) => r.state !== 'done');
  const identities = await identitiesById(store, [...new Set(pending.map((r) => r.identity_id))]);
  const failedTenants = await tenantsWithoutGoodScan(store);
  const at = now.toISOString();
  for (const r of pending) {
    const { state, detail } = progress(r, identities.get(r.identity_id), failedTenants, campaign.created_at);
    if (state === r.state && detail === r.detail) continue;
    await store.db
      .updateTable('rotation_items')
      .set({ state, detail, checked_at: at, done_at: state === 'done' ? at : null })
      .where('campaign_id', '=', campaign.id)
      .where('credential_id', '=', r.credential_id)
      .execute();
    Object.assign(r, { state, detail, done_at: state === 'done' ? at : null });
  }
  const coverage = await rotationCoverage(store, campaign.id);
  const items = rows.map((r) => ({ ...toItem(r), plan: coverage.get(r.credential_id) ?? null }));
  return { id: campaign.id, name: campaign.name, items };
}

type ItemRow = { credential_id: string; identity_id: string; platform: string; tenant: string; state: string };

function progress(
  r: ItemRow,
  identity: IdentityView | undefined,
  failedTenants: Map<string, string>,
  startedAt: string,
): { state: RotationState; detail: string | null } {
  const tenantProblem = failedTenants.get(`${r.platform}:${r.tenant}`);
  if (tenantProblem)
    return { state: 'unknown', detail: `the latest scan of ${r.platform}:${r.tenant} ${tenantProblem}` };
  if (!identity || identity.goneAt) return { state: 'done', detail: 'its identity is no longer listed' };
  const stale = identity.stale.find((s) => s.field === 'credentials');
  if (stale)
    return { state: 'unknown', detail: `${stale.source} did not answer in the last scan: credentials not read` };
  const credential = identity.credentials.find((c) => c.id === r.credential_id);
  if (!credential) return { state: 'done', detail: 'no longer listed' };
  if (!credential.enabled) return { state: 'done', detail: 'disabled' };
  // A replacement is one made since the campaign started: a second key that already existed rotates nothing.
  const newer = identity.credentials.find(
    (c) =>
      c.id !== r.credential_id && c.enabled && c.type === credential.type && !!c.createdAt && c.createdAt >= startedAt,
  );
  if (newer)
    return {
      state: 'done',
      detail: `replaced by ${newer.name ?? newer.id} (created ${newer.createdAt?.slice(0, 10)})`,
    };
  return { state: 'open', detail: null };
}

async function identitiesById(store: Store, ids: string[]): Promise<Map<string, IdentityView>> {
  const out = new Map<string, IdentityView>();
  for (let i = 0; i < ids.length; i += 500)
    for (const v of await listIdentityViews(store, { ids: ids.slice(i, i + 500), includeGone: true })) out.set(v.id, v);
  return out;
}

/** platform:tenant → what went wrong, for tenants whose latest scan did not succeed. */
async function tenantsWithoutGoodScan(store: Store): Promise<Map<string, string>> {
  const runs = await store.db
    .selectFrom('sync_runs')
    .select(['platform', 'tenant', 'status', 'started_at'])
    .where('scope', '=', '')
    .orderBy('started_at', 'desc')
    .execute();
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const r of runs) {
    const key = `${r.platform}:${r.tenant}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // A partial scan marks what it could not read on each identity (`stale`), which `progress` checks.
    if (r.status !== 'succeeded' && r.status !== 'partial') out.set(key, `${r.status} (${r.started_at})`);
  }
  return out;
}

const toItem = (r: Omit<RotationItemsTable, 'campaign_id' | 'checked_at'>): RotationItem => ({
  credentialId: r.credential_id,
  identityId: r.identity_id,
  platform: r.platform,
  tenant: r.tenant,
  label: r.label,
  owner: r.owner,
  why: r.why,
  created: r.created,
  expires: r.expires,
  state: r.state as RotationState,
  detail: r.detail,
  doneAt: r.done_at,
  plan: null,
});

/** Every rotation campaign with its item counts as of the last `rotationStatus`, newest first. */
export async function listRotations(store: Store) {
  const rows = await store.db
    .selectFrom('rotation_campaigns as c')
    .leftJoin('rotation_items as i', 'i.campaign_id', 'c.id')
    .select(['c.id', 'c.name', 'c.created_at', 'c.created_by'])
    .select((eb) => [
      eb.fn.count<number>('i.credential_id').as('items'),
      eb.fn.sum<number>(eb.case().when('i.state', '=', 'done').then(1).else(0).end()).as('done'),
    ])
    .groupBy(['c.id', 'c.name', 'c.created_at', 'c.created_by'])
    .orderBy('c.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, items: Number(r.items), done: Number(r.done ?? 0) }));
}

/** Items grouped by owner ('no owner' for orphans), owners sorted. */
export function byOwner(items: RotationItem[]): Array<[owner: string, items: RotationItem[]]> {
  const groups = new Map<string, RotationItem[]>();
  for (const i of items) groups.set(i.owner ?? 'no owner', [...(groups.get(i.owner ?? 'no owner') ?? []), i]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}
