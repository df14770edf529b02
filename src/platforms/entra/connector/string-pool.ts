export type Intern = <S extends string | null | undefined>(s: S) => S;

/**
 * One copy of each repeated value (resource ids, role ids, scopes): a full scan holds every grant and assignment of
 * the tenant until its service principal is listed, and JSON.parse gives each occurrence its own string.
 */
export function stringPool(): Intern {
  const pool = new Map<string, string>();
  return (s) => {
    if (typeof s !== 'string') return s;
    const known = pool.get(s);
    if (known !== undefined) return known as typeof s;
    pool.set(s, s);
    return s;
  };
}
