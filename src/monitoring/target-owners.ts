import type { Store } from '../store/index.js';
import type { ActivityEvent } from './event.js';

/**
 * The owner of an event's target NHI, as the ownership layer decided it (the `ownership` table: one chosen owner per
 * identity), with every id the owner's person records are known by: an actor is the owner when one of its keys is
 * one of these. A team owner has no person to compare with (team membership is not in the store): `ids` is empty.
 */
export interface TargetOwner {
  /** Lower-case e-mail of the chosen owner, null when the owner is a team. */
  email: string | null;
  team: string | null;
  /** Lower-case: the e-mail, and each person record's native id and login that shares it (any people source). */
  ids: ReadonlySet<string>;
}

/** What a detection sees of an event's target: the inventory identity and its owner (null = no owner decided). */
export interface TargetContext {
  identityId: string;
  owner: TargetOwner | null;
}

const IN_CHUNK = 500;

/** Owners of the targets of an import's events, loaded a batch at a time and cached for the import. */
export class TargetOwners {
  private readonly cache = new Map<string, TargetOwner | null>();

  constructor(private readonly store: Store) {}

  /** Loads the owners of the batch's target identities not loaded yet. */
  async load(events: readonly ActivityEvent[]): Promise<void> {
    const missing = new Set<string>();
    for (const e of events)
      if (e.targetIdentityId && !this.cache.has(e.targetIdentityId)) missing.add(e.targetIdentityId);
    const ids = [...missing];
    for (let at = 0; at < ids.length; at += IN_CHUNK) await this.loadChunk(ids.slice(at, at + IN_CHUNK));
  }

  context(identityId: string): TargetContext {
    return { identityId, owner: this.cache.get(identityId) ?? null };
  }

  private async loadChunk(identityIds: string[]): Promise<void> {
    const rows = await this.store.db
      .selectFrom('ownership')
      .select(['identity_id', 'owner_email', 'owner_team'])
      .where('identity_id', 'in', identityIds)
      .execute();
    const emails = [...new Set(rows.flatMap((r) => (r.owner_email ? [r.owner_email.toLowerCase()] : [])))];
    const personIds = await this.personIds(emails);
    for (const id of identityIds) this.cache.set(id, null);
    for (const r of rows) {
      const email = r.owner_email?.toLowerCase() ?? null;
      if (!email && !r.owner_team) continue;
      const ids = new Set(email ? [email, ...(personIds.get(email) ?? [])] : []);
      this.cache.set(r.identity_id, { email, team: r.owner_team, ids });
    }
  }

  /** e-mail → the native ids and logins of every person record with it (an Entra user's object id and UPN). */
  private async personIds(emails: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (emails.length === 0) return out;
    const people = await this.store.db
      .selectFrom('people')
      .select(['email', 'native_id', 'login'])
      .where('email', 'is not', null)
      .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails))
      .execute();
    for (const p of people) {
      const email = (p.email as string).toLowerCase();
      const list = out.get(email) ?? [];
      list.push(p.native_id.toLowerCase());
      if (p.login) list.push(p.login.toLowerCase());
      out.set(email, list);
    }
    return out;
  }
}

/** Whether the event's actor is the target's owner: one of the actor's keys (or its name) is one of the owner's ids. */
export function actorIsOwner(event: ActivityEvent, owner: TargetOwner): boolean {
  if (owner.ids.has(event.actor.principal.toLowerCase())) return true;
  return event.actor.keys.some((k) => owner.ids.has(k.toLowerCase()));
}
