import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import type { Principal } from './auth.js';

export interface AuditEntry {
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/** Records one write: who (token name and id), what, on what, when. Pass the write's transaction when there is one. */
export async function writeAudit(
  db: Kysely<Database>,
  actor: Principal | { tokenId: null; name: string },
  entry: AuditEntry,
  at: string,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      at,
      actor_token_id: actor.tokenId,
      actor_name: actor.name,
      action: entry.action,
      target: entry.target,
      detail: JSON.stringify(entry.detail),
    })
    .execute();
}
