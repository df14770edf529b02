/**
 * Graph returns at most 20 objects of an expanded collection on a directory object, and no nextLink for the rest;
 * with 20 we list that object's relationship explicitly (owners, appRoleAssignments, federatedIdentityCredentials).
 */
export const EXPAND_LIMIT = 20;

/** What one scan keeps of an expanded relationship: only non-empty lists; ids whose expansion hit the cap. */
export class Expanded<T> {
  readonly lists = new Map<string, T[]>();
  readonly capped = new Set<string>();

  add(id: string, items: T[] | undefined): void {
    if (!items || items.length === 0) return;
    if (items.length >= EXPAND_LIMIT) this.capped.add(id);
    else this.lists.set(id, items);
  }

  /** The object's list ([] when empty), or undefined when it has to be listed per item; forgotten once taken. */
  take(id: string): T[] | undefined {
    if (this.capped.has(id)) {
      this.capped.delete(id);
      return undefined;
    }
    const items = this.lists.get(id) ?? [];
    this.lists.delete(id);
    return items;
  }
}
