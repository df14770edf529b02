import type { Kysely } from 'kysely';

// Risk engine: per-identity risk scores (with the parts that explain them) and the indexes the findings
// lifecycle and `steward findings` filters use.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('risk_scores')
    .addColumn('identity_id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('privilege', 'integer', (c) => c.notNull())
    .addColumn('exposure', 'integer', (c) => c.notNull())
    .addColumn('staleness', 'integer', (c) => c.notNull())
    .addColumn('ownership', 'integer', (c) => c.notNull())
    .addColumn('third_party', 'integer', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('parts', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_scores_score').on('risk_scores').column('score').execute();
  await db.schema.createIndex('risk_scores_scope').on('risk_scores').columns(['platform', 'tenant']).execute();
  await db.schema.createIndex('findings_scope').on('findings').columns(['platform', 'tenant', 'status']).execute();
  await db.schema.createIndex('findings_status_severity').on('findings').columns(['status', 'severity']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Steward migrations are forward-only; restore from a backup to go back.');
}
