/**
 * Graph timestamps come as ISO-8601 with up to 7 fractional digits ("2019-09-17T19:10:35.2742618Z"), and docs
 * examples even carry offsets like "-8:00". Returns a canonical UTC ISO string, or null for absent/unparseable.
 */
export function graphDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const fixed = value.trim().replace(/([+-])(\d):(\d\d)$/, '$10$2:$3');
  const ms = Date.parse(fixed);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
