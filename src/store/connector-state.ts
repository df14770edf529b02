import type { Store } from './open.js';

/** Per-tenant connector state (delta links, cursors). Written only after a successful run. */
export async function loadConnectorState(store: Store, platform: string, tenant: string): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('connector_state')
    .select(['key', 'value'])
    .where('platform', '=', platform)
    .where('tenant', '=', tenant)
    .execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function saveConnectorState(
  store: Store,
  platform: string,
  tenant: string,
  state: Map<string, string | null>,
  now: string,
): Promise<void> {
  if (state.size === 0) return;
  await store.db.transaction().execute(async (trx) => {
    for (const [key, value] of state) {
      await trx
        .deleteFrom('connector_state')
        .where('platform', '=', platform)
        .where('tenant', '=', tenant)
        .where('key', '=', key)
        .execute();
      if (value !== null)
        await trx.insertInto('connector_state').values({ platform, tenant, key, value, updated_at: now }).execute();
    }
  });
}
