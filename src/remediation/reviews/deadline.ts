import { UserError } from '../../lib/errors.js';

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `14d`, `2w`, `36h` from now, or an ISO date/time; a UserError naming the option otherwise. */
export function parseWhen(value: string, now: Date, option = '--deadline'): Date {
  const m = /^\s*(\d{1,5})\s*([hdw])\s*$/i.exec(value);
  if (m)
    return new Date(now.getTime() + Number(m[1]) * UNIT_MS[(m[2] as string).toLowerCase() as keyof typeof UNIT_MS]);
  const at = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? new Date(value.trim()) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()))
    throw new UserError(`${option} ${value}: expected a duration such as 14d, 2w or 36h, or an ISO date (2026-12-31)`);
  return at;
}

/** `90d` (or a bare number of days) as days; a UserError naming the option otherwise. */
export function parseDays(value: string, option: string): number {
  const m = /^\s*(\d{1,5})\s*d?\s*$/i.exec(value);
  if (!m || Number(m[1]) < 1) throw new UserError(`${option} ${value}: expected a number of days such as 90d`);
  return Number(m[1]);
}
