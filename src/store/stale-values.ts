import type { Identity } from '../model/index.js';
import type { Store } from './open.js';
import { parseJson } from './rows.js';

/** Identities whose stored credentials / permissions stay as they are (their listing source did not answer). */
export interface KeptChildren {
  credentials: Set<string>;
  permissions: Set<string>;
}

/**
 * Puts the stored value back into every stale field of the batch's identities (a source that did not answer must
 * not wipe what an earlier run read: `lastUsedAt` survives a 403 on the sign-in report), and says whose stored
 * credentials and permissions to keep. An identity seen for the first time keeps what the connector emitted; its
 * fields stay marked stale, so rules neither raise nor resolve on them.
 */
export async function keepStaleValues(store: Store, identities: Identity[]): Promise<KeptChildren> {
  const kept: KeptChildren = { credentials: new Set(), permissions: new Set() };
  const stale = identities.filter((i) => i.stale.length > 0);
  if (stale.length === 0) return kept;
  const rows = await store.db
    .selectFrom('identities')
    .select([
      'id',
      'last_used_at',
      'last_used_source',
      'owner_claims',
      'created_by',
      'attributes',
      'enabled',
      'interactive',
    ])
    .where(
      'id',
      'in',
      stale.map((i) => i.id),
    )
    .execute();
  const stored = new Map(rows.map((r) => [r.id, r]));
  for (const identity of stale) {
    const row = stored.get(identity.id);
    if (!row) continue;
    const attributes = parseJson<Record<string, unknown>>(row.attributes, {});
    for (const { field } of identity.stale) {
      if (field === 'lastUsedAt') {
        identity.lastUsedAt = row.last_used_at;
        identity.lastUsedSource = row.last_used_source;
      } else if (field === 'ownerClaims') identity.ownerClaims = parseJson(row.owner_claims, []);
      else if (field === 'createdBy') identity.createdBy = row.created_by;
      else if (field === 'enabled') identity.enabled = Boolean(row.enabled);
      else if (field === 'interactive') identity.interactive = Boolean(row.interactive);
      else if (field === 'credentials') kept.credentials.add(identity.id);
      else if (field === 'permissions') kept.permissions.add(identity.id);
      else keepAttribute(identity, attributes, field.slice('attributes.'.length));
    }
  }
  return kept;
}

function keepAttribute(identity: Identity, stored: Record<string, unknown>, name: string): void {
  if (name in stored) identity.attributes[name] = stored[name];
  else delete identity.attributes[name];
}
