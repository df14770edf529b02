import { createHash, randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * The audit log is append-only and hash-chained: row n carries `seq` n, the hash of row n-1 (`prev_hash`, '' for the
 * first) and `hash` = sha256 over its own canonical JSON (sorted keys, the detail as its JSON text). Changing,
 * removing or inserting any row breaks the chain at that row, which `verifyAuditChain` names. The unique index on
 * `seq` makes two concurrent appends that read the same tail collide instead of forking the chain; the loser retries.
 */

export interface AuditAppend {
  actorTokenId: string | null;
  actorName: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  at: string;
}

interface ChainedRow {
  id: string;
  at: string;
  actor_token_id: string | null;
  actor_name: string;
  action: string;
  target: string;
  detail: string;
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

/** sha256 of a row's canonical form: every column but `hash`, keys sorted (docs/remediation.md states the form). */
export function rowHash(row: Omit<ChainedRow, 'hash'>): string {
  const body = {
    action: row.action,
    actor_name: row.actor_name,
    actor_token_id: row.actor_token_id,
    at: row.at,
    detail: row.detail,
    id: row.id,
    prev_hash: row.prev_hash,
    seq: row.seq,
    target: row.target,
  };
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

const MAX_ATTEMPTS = 8;

/** Appends one row at the chain's tail. Pass a transaction to make the row part of the write it records. */
export async function appendAudit(db: Kysely<Database>, entry: AuditAppend): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await appendOnce(db, entry);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isUniqueViolation(error)) throw error;
    }
  }
}

async function appendOnce(db: Kysely<Database>, entry: AuditAppend): Promise<string> {
  const tail = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('seq', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = {
    id: randomUUID(),
    at: entry.at,
    actor_token_id: entry.actorTokenId,
    actor_name: entry.actorName,
    action: entry.action,
    target: entry.target,
    detail: JSON.stringify(entry.detail),
    seq: (tail?.seq ?? 0) + 1,
    prev_hash: tail?.hash ?? '',
  };
  await db
    .insertInto('audit_log')
    .values({ ...row, hash: rowHash(row) })
    .execute();
  return row.id;
}

const isUniqueViolation = (error: unknown) =>
  /unique|duplicate key/i.test(String((error as { message?: unknown })?.message ?? '')) ||
  (error as { code?: unknown })?.code === '23505';

export interface ChainReport {
  rows: number;
  /** The first row that does not match, and why; null when the whole chain holds. */
  broken: { seq: number | null; id: string; reason: string } | null;
}

/** Recomputes the chain from the first row, in pages; stops at the first row that breaks it. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 1000): Promise<ChainReport> {
  let prev = '';
  let expected = 1;
  let rows = 0;
  let after = 0;
  for (;;) {
    const page = (
      await sql<ChainedRow>`select id, at, actor_token_id, actor_name, action, target, detail, seq,
      prev_hash, hash from audit_log where seq is null or seq > ${after} order by seq limit ${pageSize}`.execute(db)
    ).rows;
    for (const row of page) {
      const reason = problemOf(row, expected, prev);
      if (reason) return { rows, broken: { seq: row.seq, id: row.id, reason } };
      prev = row.hash as string;
      expected += 1;
      rows += 1;
      after = row.seq as number;
    }
    if (page.length < pageSize) return { rows, broken: null };
  }
}

function problemOf(row: ChainedRow, expected: number, prev: string): string | null {
  if (row.seq === null || row.hash === null) return 'row is not in the chain (no seq/hash)';
  if (Number(row.seq) !== expected) return `expected row ${expected} here, found ${row.seq} (a row was removed)`;
  if (row.prev_hash !== prev) return 'prev_hash does not match the previous row (a row was changed or removed)';
  if (rowHash({ ...row, seq: Number(row.seq) }) !== row.hash)
    return 'hash does not match the row (the row was changed)';
  return null;
}
