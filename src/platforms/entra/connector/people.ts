import type { ScanContext } from '../../../sync/connector.js';
import type { WireUser } from './graph-types.js';
import type { EntraOptions } from './options.js';
import { contactEmail, managerIdOf, transformUser, type UserContact } from './users.js';

/**
 * One round of users becoming persons. Graph's users/delta names a manager by id only (`manager@delta`), so each
 * user's address is kept for the round; a person is emitted at once when its manager's address is known (or it
 * has none), else held until `finish`, when the manager was listed later in the round or is asked for.
 */
export class PeopleRound {
  private readonly contacts = new Map<string, UserContact>();
  private readonly waiting: WireUser[] = [];

  constructor(private ctx: ScanContext<EntraOptions>) {}

  async add(u: WireUser): Promise<void> {
    this.contacts.set(u.id, { mail: u.mail, userPrincipalName: u.userPrincipalName });
    const managerId = managerIdOf(u);
    if (!managerId || contactEmail(u.manager ?? {})) return this.emit(u);
    const known = this.contacts.get(managerId);
    if (known) return this.emit(u, known);
    this.waiting.push(u);
  }

  /** Emits the held persons; `lookup` answers for a manager the round did not list (delta rounds list changes only). */
  async finish(lookup: (id: string) => Promise<UserContact | undefined> = async () => undefined): Promise<void> {
    for (const u of this.waiting.splice(0)) {
      const managerId = managerIdOf(u) as string;
      await this.emit(u, this.contacts.get(managerId) ?? (await lookup(managerId)));
    }
  }

  private emit(u: WireUser, manager?: UserContact): Promise<void> {
    return this.ctx.sink.person(transformUser(this.ctx.tenant, u, manager));
  }
}
