import type { Kysely } from 'kysely';

/**
 * Access reviews and rotation campaigns (src/remediation/reviews, docs/reviews.md): a review campaign with one task
 * per identity in its scope (assignee, decision, who attested and when, reminders and escalation), and a rotation
 * campaign with one item per credential it covers (tracked across scans until done). Additive only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('fallback_reviewer', 'text')
    .addColumn('admins', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('results', 'text')
    .execute();
  await db.schema
    .createTable('review_tasks')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('identity_name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('assignee', 'text', (c) => c.notNull())
    .addColumn('assignee_kind', 'text', (c) => c.notNull())
    .addColumn('orphan_reason', 'text')
    .addColumn('decision', 'text')
    .addColumn('reassign_to', 'text')
    .addColumn('reason', 'text')
    .addColumn('attested_by', 'text')
    .addColumn('attested_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('escalated_to', 'text')
    .addColumn('escalated_at', 'text')
    .addPrimaryKeyConstraint('review_tasks_pk', ['campaign_id', 'identity_id'])
    .execute();
  await db.schema
    .createIndex('review_tasks_assignee')
    .on('review_tasks')
    .columns(['assignee', 'campaign_id'])
    .execute();
  await db.schema
    .createTable('rotation_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('rotation_items')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('why', 'text', (c) => c.notNull())
    .addColumn('created', 'text')
    .addColumn('expires', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('checked_at', 'text')
    .addColumn('done_at', 'text')
    .addPrimaryKeyConstraint('rotation_items_pk', ['campaign_id', 'credential_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
