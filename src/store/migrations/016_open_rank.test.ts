import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../schema.js';
import { findingRow, scoreRow } from '../../testing/risk-rows.js';
import { migrations } from './index.js';

describe('migration 016_open_rank', () => {
  let db: Kysely<Database> | undefined;
  afterEach(async () => db?.destroy());

  it("backfills each scored identity's worst open finding (open or reopened) and indexes the fix-first order", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'steward-016-')), 'old.db');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableName: 'steward_migrations',
      migrationLockTableName: 'steward_migrations_lock',
    });
    expect((await migrator.migrateTo('015_scoped_scan_locks')).error).toBeUndefined();
    // Written as 015 knew them, without open_rank.
    const at015 = (id: string) => {
      const { open_rank: _, ...row } = scoreRow(id, 1, -1);
      return row;
    };
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => `acme:t1:${x}`);
    await db.insertInto('risk_scores').values([a, b, c, d].map(at015)).execute();
    await db
      .insertInto('findings')
      .values([
        findingRow('r1', a, 'high', 'open'),
        findingRow('r2', a, 'critical', 'suppressed'),
        findingRow('r3', b, 'low', 'reopened'),
        findingRow('r4', b, 'info', 'open'),
        findingRow('r5', c, 'critical', 'resolved'),
      ])
      .execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const ranks = await db
      .selectFrom('risk_scores')
      .select(['identity_id', 'open_rank'])
      .orderBy('identity_id')
      .execute();
    expect(ranks).toEqual([
      { identity_id: a, open_rank: 3 },
      { identity_id: b, open_rank: 1 },
      { identity_id: c, open_rank: -1 },
      { identity_id: d, open_rank: -1 },
    ]);
    const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT identity_id FROM risk_scores
      ORDER BY open_rank DESC, fix_exposure DESC, score DESC, identity_id LIMIT 50`.execute(db);
    expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/USING (COVERING )?INDEX risk_scores_open_rank/);
  });
});
