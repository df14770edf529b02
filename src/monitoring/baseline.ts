import type { ActivityEvent } from './event.js';

const DAY = 86_400_000;
/** Days of daily volume kept (the spike rule compares today with these). */
const VOLUME_DAYS = 14;
/** Caps on each kept set: a baseline stays small whatever an actor does. */
const SET_CAP = { operations: 512, asns: 64, countries: 32, uaFamilies: 32 } as const;

/** What a baseline holds in the store (JSON). */
export interface BaselineData {
  firstSeen: number;
  lastSeen: number;
  events: number;
  operations: string[];
  asns: number[];
  countries: string[];
  uaFamilies: string[];
  /** Bit h set = seen active in UTC hour h. */
  hours: number;
  /** [day index (epoch days), events] for the last VOLUME_DAYS days. */
  days: Array<[number, number]>;
  /** Ever used a long-lived programmatic credential. */
  programmatic: boolean;
}

function addCapped<T>(set: Set<T>, value: T, cap: number): void {
  if (set.size < cap) set.add(value);
}

/**
 * One actor's compact history: first/last seen, how much, what, from where, with what, when. The detections read it
 * as it was BEFORE the event they judge; the pipeline then adds the event.
 */
export class Baseline {
  firstSeen = 0;
  lastSeen = 0;
  events = 0;
  readonly operations = new Set<string>();
  readonly asns = new Set<number>();
  readonly countries = new Set<string>();
  readonly uaFamilies = new Set<string>();
  hours = 0;
  readonly days = new Map<number, number>();
  programmatic = false;

  static fromData(d: BaselineData): Baseline {
    const b = new Baseline();
    b.firstSeen = d.firstSeen;
    b.lastSeen = d.lastSeen;
    b.events = d.events;
    for (const o of d.operations) b.operations.add(o);
    for (const a of d.asns) b.asns.add(a);
    for (const c of d.countries) b.countries.add(c);
    for (const u of d.uaFamilies) b.uaFamilies.add(u);
    b.hours = d.hours;
    for (const [day, n] of d.days) b.days.set(day, n);
    b.programmatic = d.programmatic;
    return b;
  }

  toData(): BaselineData {
    return {
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      events: this.events,
      operations: [...this.operations],
      asns: [...this.asns],
      countries: [...this.countries],
      uaFamilies: [...this.uaFamilies],
      hours: this.hours,
      days: [...this.days],
      programmatic: this.programmatic,
    };
  }

  /** Seen for at least `minDays` with at least `minEvents` events: novelty means something. */
  stable(minEvents: number, minDays: number): boolean {
    return this.events >= minEvents && this.lastSeen - this.firstSeen >= minDays * DAY;
  }

  /** Events on the event's (UTC) day so far. */
  eventsOnDay(time: number): number {
    return this.days.get(Math.floor(time / DAY)) ?? 0;
  }

  /** Daily counts of the kept days before the event's day. */
  priorDays(time: number): number[] {
    const today = Math.floor(time / DAY);
    const out: number[] = [];
    for (const [day, n] of this.days) if (day < today) out.push(n);
    return out;
  }

  add(e: ActivityEvent): void {
    if (this.events === 0 || e.time < this.firstSeen) this.firstSeen = e.time;
    if (e.time > this.lastSeen) this.lastSeen = e.time;
    this.events++;
    if (e.success) addCapped(this.operations, e.operation, SET_CAP.operations);
    if (e.asn !== null) addCapped(this.asns, e.asn, SET_CAP.asns);
    if (e.country !== null) addCapped(this.countries, e.country, SET_CAP.countries);
    if (e.uaFamily !== null) addCapped(this.uaFamilies, e.uaFamily, SET_CAP.uaFamilies);
    this.hours |= 1 << Math.floor((((e.time % DAY) + DAY) % DAY) / 3_600_000);
    if (e.actor.programmatic) this.programmatic = true;
    const day = Math.floor(e.time / DAY);
    const n = this.days.get(day);
    if (n !== undefined) this.days.set(day, n + 1);
    else {
      this.days.set(day, 1);
      if (this.days.size > VOLUME_DAYS) this.days.delete(Math.min(...this.days.keys()));
    }
  }
}
