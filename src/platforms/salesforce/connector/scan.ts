import { Person, type PersonInput, type StaleField } from '../../../model/index.js';
import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { InvalidRecordError, VendorCallError } from '../../../sync/failure.js';
import { type SalesforceClient, createClient, queryPages } from './client.js';
import { type TransformContext, iso } from './common.js';
import { AppMenu } from './app-menu.js';
import * as connectedApps from './connected-apps.js';
import * as namedCredentials from './named-credentials.js';
import { LoginSummary } from './login-history.js';
import * as oauthTokens from './oauth-tokens.js';
import type { SalesforceOptions } from './options.js';
import { permissionsOf } from './permissions.js';
import {
  APP_MENU_SOQL,
  CONNECTED_APPS_SOQL,
  NAMED_CREDENTIALS_SOQL,
  USERS_SOQL,
  loginHistorySoql,
  oauthTokensSoql,
  permissionAssignmentsSoql,
} from './soql.js';
import { SOURCE } from './sources.js';
import * as users from './users.js';
import type {
  SfAppMenuItem,
  SfConnectedApplication,
  SfLoginHistory,
  SfNamedCredential,
  SfOauthToken,
  SfPermissionSetAssignment,
  SfUser,
} from './wire.js';

type Ctx = ScanContext<SalesforceOptions>;
const DAY_MS = 86_400_000;
/** Ids per `AssigneeId IN (…)`: 200 ids keep the query URL far below Salesforce's 16,384-character limit. */
const IDS_PER_QUERY = 200;

/**
 * One Salesforce org, one declared source at a time (sources.ts): users (people, and integration users by profile
 * or licence), the login history window (last login, and users that only log in through the API), the integration
 * users' permission sets, then they are emitted; OAuth tokens in keyset windows (each emitted, and each app's
 * latest use kept); connected apps last, filled with that use.
 */
export class SalesforceScan {
  private readonly client: SalesforceClient;
  private t: TransformContext;
  /** Owner claims made without knowing which users are integration users (the user list was not read). */
  private claimsStale: StaleField[] = [];

  constructor(private readonly ctx: Ctx) {
    this.client = createClient(ctx.options, ctx);
    this.t = { tenant: ctx.tenant };
  }

  async run(): Promise<ScanResult> {
    const all = await this.readUsers();
    if (this.ctx.sources.status(SOURCE.users) === 'complete')
      this.t = { ...this.t, notPeople: new Set(all.filter(users.declaredBasis).map((u) => String(u.Id))) };
    else this.claimsStale = [{ field: 'ownerClaims', source: SOURCE.users }];
    const logins = await this.readLoginHistory();
    await this.emitIntegrationUsers(all, logins);
    const menu = await this.readAppMenu();
    const use = await this.readOauthTokens(menu);
    await this.readConnectedApps(use, menu);
    await this.readNamedCredentials();
    if (this.client.transport.limitInfo)
      this.ctx.log.info(`Salesforce Sforce-Limit-Info after the scan: ${this.client.transport.limitInfo}`);
    return { mode: 'full' };
  }

  private pages<T>(soql: string, signal: AbortSignal): AsyncGenerator<T[]> {
    return queryPages<T>(this.client, this.ctx, soql, signal);
  }

  /** Every standard user; the human ones (not integration by profile or licence) are emitted as people. */
  private async readUsers(): Promise<SfUser[]> {
    const all: SfUser[] = [];
    await this.ctx.sources.read(SOURCE.users, async (signal) => {
      for await (const page of this.pages<SfUser>(USERS_SOQL, signal)) all.push(...page);
      for (const raw of all) if (!users.declaredBasis(raw)) await this.emitPerson(raw);
    });
    return all;
  }

  /** One user → a person, through the quarantine like any record (a person is written by the sink, not by emit). */
  private async emitPerson(raw: SfUser): Promise<void> {
    const out: { person?: PersonInput } = {};
    await this.ctx.sources.emit(SOURCE.users, raw, () => {
      const parsed = Person.safeParse(users.toPerson(raw, this.t));
      if (!parsed.success)
        throw new InvalidRecordError(
          `Salesforce user: ${parsed.error.issues[0]?.path.join('.')} is invalid`,
          raw?.Id ?? null,
        );
      out.person = parsed.data;
      return null;
    });
    if (out.person) await this.ctx.sink.person(out.person);
  }

  /** Logins of the window; null when unread. A row without user or time is quarantined (the summary is partial). */
  private async readLoginHistory(): Promise<LoginSummary | null> {
    const since = new Date(this.ctx.clock.now().getTime() - this.ctx.options.loginHistoryDays * DAY_MS).toISOString();
    const summary = new LoginSummary();
    const complete = await this.ctx.sources.read(SOURCE.loginHistory, async (signal) => {
      for await (const page of this.pages<SfLoginHistory>(loginHistorySoql(since), signal))
        for (const row of page) {
          if (summary.add(row)) this.ctx.sources.counted(SOURCE.loginHistory);
          else
            await this.ctx.sources.emit(SOURCE.loginHistory, row, () => {
              throw new InvalidRecordError('LoginHistory row without UserId or LoginTime', null);
            });
        }
    });
    return complete ? summary : null;
  }

  /** Permission set assignments of the given users, IDS_PER_QUERY at a time; null for a user whose part failed. */
  private async readAssignments(ids: string[]): Promise<Map<string, SfPermissionSetAssignment[] | null>> {
    const out = new Map<string, SfPermissionSetAssignment[] | null>();
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      const chunk = ids.slice(i, i + IDS_PER_QUERY);
      const rows = new Map<string, SfPermissionSetAssignment[]>(chunk.map((id) => [id, []]));
      let whole = true;
      const ok = await this.ctx.sources.read(SOURCE.permissionAssignments, async (signal) => {
        for await (const page of this.pages<SfPermissionSetAssignment>(permissionAssignmentsSoql(chunk), signal))
          for (const row of page) {
            const own = rows.get(String(row?.AssigneeId));
            if (own && row.PermissionSet && typeof row.PermissionSet === 'object') {
              this.ctx.sources.counted(SOURCE.permissionAssignments);
              own.push(row);
              continue;
            }
            // Whose row it was is unknown: every user of the chunk keeps its stored permissions.
            whole = false;
            await this.ctx.sources.emit(SOURCE.permissionAssignments, row, () => {
              throw new InvalidRecordError('PermissionSetAssignment without AssigneeId or PermissionSet', null);
            });
          }
      });
      for (const id of chunk) out.set(id, ok && whole ? (rows.get(id) ?? []) : null);
    }
    return out;
  }

  /** Integration users: by profile or licence, or (login history read) by logging in only through the API. */
  private async emitIntegrationUsers(all: SfUser[], logins: LoginSummary | null): Promise<void> {
    const basisOf = (u: SfUser): users.IntegrationBasis | null =>
      users.declaredBasis(u) ?? (logins && typeof u?.Id === 'string' && logins.apiOnly(u.Id) ? 'api_logins' : null);
    const chosen = all.filter((u) => u && typeof u.Id === 'string' && u.Id !== '' && basisOf(u));
    const assignments = await this.readAssignments(chosen.map((u) => String(u.Id)));
    const loginStale: StaleField[] =
      !logins || logins.unreadable > 0 ? [{ field: 'lastUsedAt', source: SOURCE.loginHistory }] : [];
    const partsOf = (raw: SfUser): users.UserParts => {
      const own = assignments.get(String(raw.Id)) ?? null;
      return {
        basis: basisOf(raw) as users.IntegrationBasis,
        lastLoginAt: logins?.lastLogin(String(raw.Id)) ?? null,
        permissions: permissionsOf(own ?? []),
        stale: [
          ...loginStale,
          ...(own ? [] : [{ field: 'permissions' as const, source: SOURCE.permissionAssignments }]),
        ],
      };
    };
    // Each is emitted under the source that listed it: the user list, or the login history for API-only logins.
    for (const source of [SOURCE.users, SOURCE.loginHistory]) {
      const mine = chosen.filter((u) => (basisOf(u) === 'api_logins') === (source === SOURCE.loginHistory));
      if (mine.length === 0) continue;
      await this.ctx.sources.read(source, async () => {
        for (const raw of mine)
          await this.ctx.sources.emit(source, raw, () => users.toIntegrationUser(raw, partsOf(raw), this.t));
      });
    }
  }

  /**
   * Each connected app's App Launcher item: the package it came in. Required, and whole or not at all: an item
   * missing would turn its app's third-party flag to false, so a malformed row fails the source (and the run).
   */
  private async readAppMenu(): Promise<AppMenu> {
    const menu = new AppMenu();
    await this.ctx.sources.read(SOURCE.appMenu, async (signal) => {
      let bad = 0;
      for await (const page of this.pages<SfAppMenuItem>(APP_MENU_SOQL, signal))
        for (const row of page)
          if (menu.add(row)) this.ctx.sources.counted(SOURCE.appMenu);
          else {
            bad++;
            await this.ctx.sources.emit(SOURCE.appMenu, row, () => {
              throw new InvalidRecordError('AppMenuItem without Id', null);
            });
          }
      if (bad > 0)
        throw new VendorCallError(`${bad} AppMenuItem row(s) without Id: which apps are third parties is unknown`, {
          kind: 'malformed',
          call: 'query:AppMenuItem',
        });
    });
    return menu;
  }

  /**
   * OAuth tokens in keyset windows by CreatedDate: one OauthToken query returns at most 2,500 rows (500 a page),
   * silently, so each window asks for fewer (`oauthTokenWindow`) and the next starts at the last CreatedDate seen;
   * rows of that instant already emitted are skipped. Null when the list could not be read whole.
   */
  private async readOauthTokens(menu: AppMenu): Promise<oauthTokens.AppUse | null> {
    const use = new oauthTokens.AppUse();
    const limit = this.ctx.options.oauthTokenWindow;
    const complete = await this.ctx.sources.read(SOURCE.oauthTokens, async (signal) => {
      let from: string | null = null;
      let boundary = new Set<string>();
      for (;;) {
        const rows: SfOauthToken[] = [];
        for await (const page of this.pages<SfOauthToken>(oauthTokensSoql(from, limit), signal)) rows.push(...page);
        for (const raw of rows) {
          if (boundary.has(safeKey(raw) ?? '')) continue;
          use.add(raw);
          await this.ctx.sources.emit(SOURCE.oauthTokens, raw, () =>
            oauthTokens.transform(raw, this.t, this.claimsStale, menu.ofItem(raw?.AppMenuItemId)),
          );
        }
        if (rows.length < limit) return;
        ({ from, boundary } = nextWindow(rows, limit));
      }
    });
    return complete ? use : null;
  }

  /** Connected apps, each filled with its tokens' latest use (kept from the store when the tokens were not read). */
  /** Named credentials, one page at a time. */
  private async readNamedCredentials(): Promise<void> {
    await this.ctx.sources.read(SOURCE.namedCredentials, async (signal) => {
      for await (const page of this.pages<SfNamedCredential>(NAMED_CREDENTIALS_SOQL, signal))
        for (const raw of page)
          await this.ctx.sources.emit(SOURCE.namedCredentials, raw, () =>
            namedCredentials.transform(raw, this.t, this.claimsStale),
          );
    });
  }

  private async readConnectedApps(use: oauthTokens.AppUse | null, menu: AppMenu): Promise<void> {
    const stale: StaleField[] = [
      ...(use ? [] : [{ field: 'lastUsedAt' as const, source: SOURCE.oauthTokens }]),
      ...this.claimsStale,
    ];
    await this.ctx.sources.read(SOURCE.connectedApps, async (signal) => {
      for await (const page of this.pages<SfConnectedApplication>(CONNECTED_APPS_SOQL, signal))
        for (const raw of page) {
          const parts = { lastUsedAt: use?.get(raw?.Name) ?? null, stale, package: menu.ofApp(raw?.Id) };
          await this.ctx.sources.emit(SOURCE.connectedApps, raw, () => connectedApps.transform(raw, parts, this.t));
        }
    });
  }
}

function safeKey(raw: SfOauthToken): string | null {
  try {
    return oauthTokens.tokenKey(raw);
  } catch {
    return null;
  }
}

/** The next window starts at the last CreatedDate of a full one; a full window of one instant cannot move on. */
export function nextWindow(rows: SfOauthToken[], limit: number): { from: string; boundary: Set<string> } {
  const last = iso(rows.at(-1)?.CreatedDate);
  if (!last || last === iso(rows[0]?.CreatedDate))
    throw new VendorCallError(
      `more than ${limit} OAuth tokens created at one instant (${last}): no keyset window fits`,
      {
        kind: 'malformed',
        call: 'query:OauthToken',
      },
    );
  const boundary = new Set<string>();
  for (const raw of rows) if (iso(raw?.CreatedDate) === last) boundary.add(safeKey(raw) ?? '');
  return { from: last, boundary };
}
