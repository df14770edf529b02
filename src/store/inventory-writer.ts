import { sql } from 'kysely';
import type { Edge, Identity, Person } from '../model/index.js';
import type { Store } from './open.js';
import { credentialRow, edgeRow, identityRow, permissionRow, personRow } from './rows.js';

/** Rows per INSERT statement; keeps every statement under SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_STATEMENT = 400;

function chunks<T>(items: T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The store's load port for the sync engine: upserts a batch in one transaction. Every row is tagged with the
 * run that wrote it so that cleanup can later remove, within one tenant, only what this run did not see.
 */
export async function writeIdentities(store: Store, identities: Identity[], runId: string, now: string): Promise<void> {
  if (identities.length === 0) return;
  await store.db.transaction().execute(async (trx) => {
    const ids = identities.map((i) => i.id);
    for (const idChunk of chunks(ids, 1000)) {
      await trx.deleteFrom('credentials').where('identity_id', 'in', idChunk).execute();
      await trx.deleteFrom('permissions').where('identity_id', 'in', idChunk).execute();
    }
    for (const batch of chunks(identities.map((i) => identityRow(i, runId, now)))) {
      await trx
        .insertInto('identities')
        .values(batch)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            native_type: eb.ref('excluded.native_type'),
            name: eb.ref('excluded.name'),
            created_at: eb.ref('excluded.created_at'),
            created_by: eb.ref('excluded.created_by'),
            last_used_at: eb.ref('excluded.last_used_at'),
            last_used_source: eb.ref('excluded.last_used_source'),
            enabled: eb.ref('excluded.enabled'),
            publisher_name: eb.ref('excluded.publisher_name'),
            publisher_verified: eb.ref('excluded.publisher_verified'),
            publisher_domain: eb.ref('excluded.publisher_domain'),
            third_party: eb.ref('excluded.third_party'),
            interactive: eb.ref('excluded.interactive'),
            environment: eb.ref('excluded.environment'),
            attributes: eb.ref('excluded.attributes'),
            owner_claims: eb.ref('excluded.owner_claims'),
            last_seen: eb.ref('excluded.last_seen'),
            sync_run_id: eb.ref('excluded.sync_run_id'),
          })),
        )
        .execute();
    }
    const credentialRows = identities.flatMap((i) => i.credentials.map((c) => credentialRow(i, c, runId)));
    for (const batch of chunks(credentialRows)) {
      await trx
        .insertInto('credentials')
        .values(batch)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    const permissionRows = identities.flatMap((i) => i.permissions.map((p, n) => permissionRow(i, p, n, runId)));
    for (const batch of chunks(permissionRows)) {
      await trx.insertInto('permissions').values(batch).execute();
    }
  });
}

export async function writePeople(store: Store, people: Person[], runId: string, now: string): Promise<void> {
  if (people.length === 0) return;
  await store.db.transaction().execute(async (trx) => {
    for (const batch of chunks(people.map((p) => personRow(p, runId, now)))) {
      await trx
        .insertInto('people')
        .values(batch)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            email: eb.ref('excluded.email'),
            name: eb.ref('excluded.name'),
            login: eb.ref('excluded.login'),
            status: eb.ref('excluded.status'),
            departed_at: eb.ref('excluded.departed_at'),
            manager_email: eb.ref('excluded.manager_email'),
            team: eb.ref('excluded.team'),
            department: eb.ref('excluded.department'),
            attributes: eb.ref('excluded.attributes'),
            last_seen: eb.ref('excluded.last_seen'),
            sync_run_id: eb.ref('excluded.sync_run_id'),
          })),
        )
        .execute();
    }
  });
}

export async function writeEdges(store: Store, edges: Edge[], platform: string, tenant: string, runId: string): Promise<void> {
  if (edges.length === 0) return;
  const unique = new Map(edges.map((e) => [`${e.from}\u0000${e.to}\u0000${e.kind}`, e]));
  await store.db.transaction().execute(async (trx) => {
    for (const batch of chunks([...unique.values()].map((e) => edgeRow(e, platform, tenant, runId)))) {
      await trx
        .insertInto('edges')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['from_id', 'to_id', 'kind']).doUpdateSet((eb) => ({
            attributes: eb.ref('excluded.attributes'),
            sync_run_id: eb.ref('excluded.sync_run_id'),
          })),
        )
        .execute();
    }
  });
}

/** Explicit removals reported by an incremental (delta) run. */
export async function removeIdentities(store: Store, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  let removed = 0;
  await store.db.transaction().execute(async (trx) => {
    for (const idChunk of chunks(ids, 1000)) {
      await trx.deleteFrom('credentials').where('identity_id', 'in', idChunk).execute();
      await trx.deleteFrom('permissions').where('identity_id', 'in', idChunk).execute();
      await trx.deleteFrom('edges').where('from_id', 'in', idChunk).execute();
      const r = await trx.deleteFrom('identities').where('id', 'in', idChunk).executeTakeFirst();
      removed += Number(r.numDeletedRows);
    }
  });
  return removed;
}

/**
 * Removes what a complete run of one connector for one tenant did not see. Only ever called after a run that
 * listed everything successfully; scoped by platform and tenant so other tenants are never touched.
 */
export async function cleanupScope(store: Store, platform: string, tenant: string, runId: string): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('credentials').where('platform', '=', platform).where('tenant', '=', tenant).where('sync_run_id', '!=', runId).execute();
    await trx.deleteFrom('permissions').where('platform', '=', platform).where('tenant', '=', tenant).where('sync_run_id', '!=', runId).execute();
    await trx.deleteFrom('edges').where('platform', '=', platform).where('tenant', '=', tenant).where('sync_run_id', '!=', runId).execute();
    await trx.deleteFrom('people').where('source', '=', platform).where('tenant', '=', tenant).where('sync_run_id', '!=', runId).execute();
    const r = await trx
      .deleteFrom('identities')
      .where('platform', '=', platform)
      .where('tenant', '=', tenant)
      .where('sync_run_id', '!=', runId)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  });
}

/** Keeps `sql` imported for dialect-specific maintenance (VACUUM/ANALYZE) callers may add. */
export async function analyze(store: Store): Promise<void> {
  await sql`ANALYZE`.execute(store.db);
}
