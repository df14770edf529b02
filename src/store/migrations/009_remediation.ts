import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/**
 * Remediation (src/remediation, docs/remediation.md): plans with their items, approvals, registered approvers, and a
 * hash chain over the audit log (every row: its position `seq`, the previous row's hash and its own, so a changed,
 * removed or inserted row is found by `steward audit verify`). Rows written before this migration are chained here,
 * in (at, id) order, with the same canonical form src/store/audit-chain.ts uses. Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['seq', 'prev_hash', 'hash'] as const)
    await db.schema
      .alterTable('audit_log')
      .addColumn(column, column === 'seq' ? 'integer' : 'text')
      .execute();
  await chainExistingRows(db);
  await db.schema.createIndex('audit_log_seq').unique().on('audit_log').column('seq').execute();
  await db.schema
    .createTable('remediation_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('remediation_items')
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('applied_at', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('rolled_back_at', 'text')
    .addPrimaryKeyConstraint('remediation_items_pk', ['plan_id', 'ordinal'])
    .execute();
  await db.schema
    .createTable('remediation_approvals')
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('approver', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('signature', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('remediation_approvals_pk', ['plan_id', 'approver'])
    .execute();
  await db.schema
    .createTable('approvers')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
}

interface LegacyRow {
  id: string;
  at: string;
  actor_token_id: string | null;
  actor_name: string;
  action: string;
  target: string;
  detail: string;
}

async function chainExistingRows(db: Kysely<unknown>): Promise<void> {
  const rows = (
    await sql<LegacyRow>`select id, at, actor_token_id, actor_name, action, target, detail
    from audit_log order by at, id`.execute(db)
  ).rows;
  let prev = '';
  let seq = 0;
  for (const row of rows) {
    seq += 1;
    const hash = legacyHash(seq, prev, row);
    await sql`update audit_log set seq = ${seq}, prev_hash = ${prev}, hash = ${hash} where id = ${row.id}`.execute(db);
    prev = hash;
  }
}

/** The same fields and canonical form as src/store/audit-chain.ts `rowHash` (kept here: a migration never changes). */
function legacyHash(seq: number, prev: string, row: LegacyRow): string {
  const body = {
    action: row.action,
    actor_name: row.actor_name,
    actor_token_id: row.actor_token_id,
    at: row.at,
    detail: row.detail,
    id: row.id,
    prev_hash: prev,
    seq,
    target: row.target,
  };
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
