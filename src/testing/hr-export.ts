import type { Estate } from '../emulation/estate/index.js';
import { importHrFile } from '../analysis/ownership/hr-import.js';
import type { Store } from '../store/index.js';

/**
 * The HR export of a generated organisation (an input Steward is given, like a tenant), in the documented CSV
 * format, including the optional `logins` column (the GitHub handle HR/IdP records for each employee): GitHub knows
 * membership, not employment, and hides most members' e-mail, so its departed owners are found through it.
 */
export function hrCsv(e: Estate): Uint8Array {
  const lines = ['email,name,status,departure_date,manager,team,logins'];
  for (const p of e.labels.people) {
    lines.push(
      [
        p.email,
        `"${p.name}"`,
        p.status,
        p.departedAt ? p.departedAt.slice(0, 10) : '',
        p.managerEmail ?? '',
        p.team,
        `github:${p.login}`,
      ].join(','),
    );
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** Imports the organisation's HR export into a store (merge mode), failing loudly if HR import refuses it. */
export async function importEstateHr(store: Store, e: Estate): Promise<void> {
  const r = await importHrFile(store, hrCsv(e), { now: new Date(e.now), mode: 'merge' });
  if (!r.applied) throw new Error(`HR import failed: ${r.blockedBy} ${r.errors.map((x) => x.problem).join('; ')}`);
}
