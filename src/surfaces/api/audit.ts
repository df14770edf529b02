import type { Kysely } from 'kysely';
import { appendAudit, type Database } from '../../store/index.js';
import type { Principal } from './auth.js';

export interface AuditEntry {
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/**
 * Records one write: who (token name and id), what, on what, when, as the next row of the hash-chained audit log
 * (src/store/audit-chain.ts). Pass the write's transaction when there is one.
 */
export async function writeAudit(
  db: Kysely<Database>,
  actor: Principal | { tokenId: null; name: string },
  entry: AuditEntry,
  at: string,
): Promise<void> {
  await appendAudit(db, {
    actorTokenId: actor.tokenId,
    actorName: actor.name,
    action: entry.action,
    target: entry.target,
    detail: entry.detail,
    at,
  });
}
