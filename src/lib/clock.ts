/** Time always comes from an injected clock so rules, generators and tests agree on "now". */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export function fixedClock(iso: string | Date): Clock {
  const d = new Date(iso);
  return { now: () => new Date(d) };
}
export const DAY_MS = 86_400_000;
