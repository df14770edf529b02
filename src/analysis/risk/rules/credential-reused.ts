import { type CommonFactsView, genericRule } from '../generic-rule.js';
import type { Store } from '../../../store/index.js';
import { collect, credentialLabel, ev } from '../helpers.js';

/** Fingerprint -> number of distinct identities carrying it (only fingerprints seen on two or more). */
type Shared = Map<string, number>;

export const rule = genericRule<Shared>({
  meta: {
    id: 'credential-reused',
    title: 'Same credential used by several identities',
    severity: 'high',
    description:
      'A credential fingerprint appears on more than one identity (across apps, tenants or environments). One leak compromises all of them, and none can be rotated alone.',
    remediation: 'Issue a separate credential per identity and environment, then revoke the shared one.',
    owasp: 'NHI9:2025',
    compliance: ['PCI DSS 4.0 8.2.2', 'NIST SP 800-53 IA-4', 'NIST SP 800-53 IA-5'],
    platforms: 'all',
    reads: ['credentials'],
    dataRequirement:
      'Needs credentials[].fingerprint (a hash or key id, never the value) across every identity in the store; a pre-pass counts identities per fingerprint.',
    tags: ['credential', 'reuse'],
  },
  prepareFromViews(views: readonly CommonFactsView[]) {
    // Sort-based: sorting a million fingerprints is several times faster than inserting them all into a Map.
    const all: string[] = [];
    for (const v of views) for (const c of v.credentials) if (c.fingerprint) all.push(c.fingerprint);
    all.sort();
    const repeated = new Set<string>();
    for (let n = 1; n < all.length; n++) if (all[n] === all[n - 1]) repeated.add(all[n]);
    // A fingerprint repeated on one identity only (two keys, same material) is not reuse: count distinct identities.
    const holders = new Map<string, Set<string>>();
    if (repeated.size) {
      for (const v of views) {
        for (const c of v.credentials) {
          if (c.fingerprint && repeated.has(c.fingerprint))
            (holders.get(c.fingerprint) ?? holders.set(c.fingerprint, new Set()).get(c.fingerprint)!).add(v.id);
        }
      }
    }
    const shared: Shared = new Map();
    for (const [f, ids] of holders) if (ids.size > 1) shared.set(f, ids.size);
    return shared;
  },
  async prepareFromStore(store: Store) {
    const rows = await store.db
      .selectFrom('credentials')
      .select(['fingerprint', (eb) => eb.fn.count<number>('identity_id').distinct().as('n')])
      .where('fingerprint', 'is not', null)
      .groupBy('fingerprint')
      .having((eb) => eb.fn.count('identity_id').distinct(), '>', 1)
      .execute();
    return new Map(rows.map((r) => [r.fingerprint as string, Number(r.n)]));
  },
  evaluate(v, _ctx, shared) {
    if (shared.size === 0) return null;
    return collect(v.credentials, (c, n) => {
      const count = c.fingerprint ? shared.get(c.fingerprint) : undefined;
      return count
        ? ev(
            `${credentialLabel(c, n)}.fingerprint`,
            c.fingerprint,
            `same fingerprint on ${count} identities per credential inventory`,
          )
        : null;
    });
  },
});
