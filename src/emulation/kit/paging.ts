/** Page-number pagination (GitHub, Okta-style) with an RFC 8288 Link header. */
export function pageSlice<T>(items: readonly T[], page: number, perPage: number): { items: T[]; lastPage: number } {
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), lastPage };
}

export function linkHeader(url: URL, page: number, lastPage: number, pageParam = 'page'): string | null {
  if (lastPage <= 1) return null;
  const at = (p: number) => {
    const u = new URL(url);
    u.searchParams.set(pageParam, String(p));
    return u.toString();
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`<${at(page - 1)}>; rel="prev"`);
  if (page < lastPage) parts.push(`<${at(page + 1)}>; rel="next"`);
  parts.push(`<${at(lastPage)}>; rel="last"`);
  if (page > 1) parts.push(`<${at(1)}>; rel="first"`);
  return parts.join(', ');
}

/** Reads a positive integer query parameter with a default and an upper bound (vendors clamp, they do not fail). */
export function intParam(value: unknown, fallback: number, max: number): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n) || n < 1) return fallback;
  return Math.min(n, max);
}
