/**
 * Graph returns at most 20 objects of an expanded collection on a directory object, and no nextLink for the rest;
 * with 20 we list that object's relationship explicitly (owners, appRoleAssignments, federatedIdentityCredentials).
 */
export const EXPAND_LIMIT = 20;

/**
 * What one scan keeps of a relationship, by object id: only non-empty lists; ids whose expansion hit the cap until
 * their own listing replaces it (`complete`); ids whose own listing failed (`failed`: their part is unknown).
 */
export class Expanded<T> {
  readonly lists = new Map<string, T[]>();
  private readonly capped = new Set<string>();
  private readonly failedIds = new Set<string>();

  add(id: string, items: T[] | undefined): void {
    if (!items || items.length === 0) return;
    if (items.length >= EXPAND_LIMIT) this.capped.add(id);
    else this.lists.set(id, items);
  }

  /** Ids whose expansion came back at the cap: list them per object, then `complete` or `fail` each. */
  cappedIds(): string[] {
    return [...this.capped];
  }

  /** The whole list of one object (from its own call). */
  complete(id: string, items: T[]): void {
    this.capped.delete(id);
    if (items.length > 0) this.lists.set(id, items);
    else this.lists.delete(id);
  }

  /** The object's own call failed: its list is unknown. */
  fail(id: string): void {
    this.capped.delete(id);
    this.lists.delete(id);
    this.failedIds.add(id);
  }

  /** The object's list ([] when empty) and whether it is unknown; forgotten once taken. */
  take(id: string): { items: T[]; failed: boolean } {
    const items = this.lists.get(id) ?? [];
    const failed = this.failedIds.has(id) || this.capped.has(id);
    this.lists.delete(id);
    this.failedIds.delete(id);
    this.capped.delete(id);
    return { items, failed };
  }
}
