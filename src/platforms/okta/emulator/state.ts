import type {
  OktaApiServiceData,
  OktaApiTokenData,
  OktaAppData,
  OktaEstateData,
  OktaUserData,
} from '../estate/types.js';
import type { ScannerClient } from './auth.js';
import { RateLimits } from './rate-limits.js';
import { Renderer } from './render.js';

/** What the route handlers of one running Okta emulator share. */
export interface EmulatorState {
  data: OktaEstateData;
  /** The SSWS API token the emulator accepts (random per start). */
  token: string;
  /** The OAuth service app a scanner may authenticate as, and the access tokens issued to it. */
  scanner: ScannerClient;
  accessTokens: Map<string, { scopes: Set<string>; expires: number }>;
  /** The emulator's base URL (absolute links), known once it listens. */
  base: string;
  apps: Map<string, OktaAppData>;
  /** Position of each app in data.apps (cursor paging). */
  appIndex: Map<string, number>;
  users: Map<string, OktaUserData>;
  usersByLogin: Map<string, OktaUserData>;
  /**
   * The users a list query selects, by its `search`/`filter`/`q`: the emulator never changes a user, and evaluating an
   * expression renders every user, once per page without this (27 pages × 50k users at 1M).
   */
  userSelections: Map<string, OktaUserData[]>;
  tokens: Map<string, OktaApiTokenData>;
  services: Map<string, OktaApiServiceData>;
  rates: RateLimits;
  render: Renderer;
  /** `published` of each System Log event in milliseconds (same order as data.logs). */
  logTimes: Float64Array;
  /** LogEvents planted by a test (emulator option `systemLog`), served instead of the generated System Log. */
  plantedLogs: Record<string, unknown>[] | null;
  /** Planted activity (emulator option `extraSystemLog`), served among the generated System Log's events. */
  extraLogs: Record<string, unknown>[] | null;
}

export function createState(
  data: OktaEstateData,
  token: string,
  scanner: ScannerClient,
  logs: { planted?: Record<string, unknown>[]; extra?: Record<string, unknown>[] } = {},
): EmulatorState {
  const state: EmulatorState = {
    data,
    token,
    scanner,
    accessTokens: new Map(),
    base: '',
    apps: new Map(data.apps.map((a) => [a.id, a])),
    appIndex: new Map(data.apps.map((a, i) => [a.id, i])),
    users: new Map(data.users.map((u) => [u.id, u])),
    usersByLogin: new Map(data.users.map((u) => [u.profile.login.toLowerCase(), u])),
    userSelections: new Map(),
    tokens: new Map(data.apiTokens.map((t) => [t.id, t])),
    services: new Map(data.apiServices.map((x) => [x.id, x])),
    rates: new RateLimits(),
    // Called only while serving, when `state` exists.
    render: new Renderer(() => state.base),
    logTimes: Float64Array.from(data.logs, (e) => Date.parse(e.published)),
    plantedLogs: logs.planted ?? null,
    extraLogs: logs.extra ?? null,
  };
  return state;
}

/** A user by id or login, as Okta's `{userId}` path parameter accepts both. */
export const userOf = (s: EmulatorState, idOrLogin: string): OktaUserData | undefined =>
  s.users.get(idOrLogin) ?? s.usersByLogin.get(idOrLogin.toLowerCase());
