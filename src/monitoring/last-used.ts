import type { Store } from '../store/index.js';
import type { Resolution } from './resolve.js';

/**
 * Last use from activity: the newest successful event per identity and per credential, written at the end of an
 * import where it is newer than what the store holds (the vendor's own field or an earlier import), with
 * `last_used_source` saying it came from events. Never moves a last use backwards.
 */
export class LastUsedTracker {
  private readonly identities = new Map<string, number>();
  private readonly credentials = new Map<string, number>();

  saw(r: Resolution, time: number): void {
    if ((this.identities.get(r.identityId) ?? -1) < time) this.identities.set(r.identityId, time);
    if (r.credentialId && (this.credentials.get(r.credentialId) ?? -1) < time)
      this.credentials.set(r.credentialId, time);
  }

  async apply(store: Store, source: string): Promise<{ identities: number; credentials: number }> {
    let identities = 0;
    let credentials = 0;
    await store.db.transaction().execute(async (trx) => {
      for (const [id, time] of this.identities) {
        const at = new Date(time).toISOString();
        const r = await trx
          .updateTable('identities')
          .set({ last_used_at: at, last_used_source: source })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
          .executeTakeFirst();
        identities += Number(r.numUpdatedRows);
      }
      for (const [id, time] of this.credentials) {
        const at = new Date(time).toISOString();
        const r = await trx
          .updateTable('credentials')
          .set({ last_used_at: at, last_used_source: source })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
          .executeTakeFirst();
        credentials += Number(r.numUpdatedRows);
      }
    });
    return { identities, credentials };
  }
}
