import { Person, type PersonInput, type StaleField } from '../../../model/index.js';
import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { InvalidRecordError, describeFailure } from '../../../sync/failure.js';
import * as agents from './agents.js';
import * as apiServices from './api-services.js';
import * as apiTokens from './api-tokens.js';
import * as apps from './apps.js';
import { type OktaClient, createClient } from './client.js';
import type { TransformContext } from './common.js';
import type { OktaOptions } from './options.js';
import { PartReader } from './parts.js';
import { Pager, dataList, getJson, jwksList, listAll, pages, urlOf } from './requests.js';
import { SOURCE } from './sources.js';
import { CLIENT_USAGE_FILTER, LastSeen, TOKEN_USAGE_FILTER, clientOf, logWindow, tokenOf } from './usage.js';
import * as users from './users.js';
import type {
  OktaAiAgent,
  OktaApiService,
  OktaApiToken,
  OktaApp,
  OktaClientSecret,
  OktaGrant,
  OktaJwk,
  OktaLogEvent,
  OktaRoleAssignment,
  OktaUser,
} from './wire.js';

type Ctx = ScanContext<OktaOptions>;
const enc = encodeURIComponent;

/**
 * One Okta org, one declared source at a time (sources.ts): people first, then last use from the System Log (it
 * fills apps, integrations and tokens, so it is read before any of them is emitted), then each list a page at a time
 * with its per-object parts read for the page before the page is emitted.
 */
export class OktaScan {
  private readonly client: OktaClient;
  private readonly t: TransformContext;
  private clientUsage: LastSeen | null = null;
  private tokenUsage: LastSeen | null = null;

  constructor(private readonly ctx: Ctx) {
    this.client = createClient(ctx.options, ctx);
    this.t = { tenant: ctx.tenant };
  }

  async run(): Promise<ScanResult> {
    await this.readUsers();
    this.clientUsage = await this.readUsage(SOURCE.clientUsage, CLIENT_USAGE_FILTER, clientOf);
    this.tokenUsage = await this.readUsage(SOURCE.tokenUsage, TOKEN_USAGE_FILTER, tokenOf);
    await this.readApps();
    await this.readApiTokens();
    await this.readApiServices();
    if (this.ctx.options.agentIdentities) await this.readAgents();
    return { mode: 'full' };
  }

  /** Users (active and the like), then deprovisioned ones, which Okta leaves out of an unfiltered list. */
  private async readUsers(): Promise<void> {
    const limit = this.ctx.options.pageSize;
    await this.ctx.sources.read(SOURCE.users, async (signal) => {
      const all: OktaUser[] = [];
      for (const search of [undefined, 'status eq "DEPROVISIONED"'])
        for await (const page of pages<OktaUser>(
          this.client,
          'users',
          urlOf(this.client, '/api/v1/users', { limit, search }),
          signal,
        ))
          all.push(...page);
      const emails = new Map<string, string>();
      for (const u of all)
        if (typeof u?.id === 'string' && u.profile?.email) emails.set(u.id, u.profile.email.toLowerCase());
      await this.resolveManagers(all, emails, signal);
      for (const raw of all) await this.emitPerson(raw, emails);
    });
  }

  /**
   * Managers the two lists did not show (a list item Okta sent without its id, a user of another status) are read
   * one by one (GET /api/v1/users/{userId}), so a report's managerEmail does not turn null; a 404 is a deleted user.
   */
  private async resolveManagers(all: OktaUser[], emails: Map<string, string>, signal: AbortSignal): Promise<void> {
    const missing = new Set<string>();
    for (const u of all) {
      const id = u?.profile?.managerId;
      if (typeof id === 'string' && id !== '' && !emails.has(id)) missing.add(id);
    }
    for (const id of missing) {
      try {
        const { body } = await getJson(this.client, urlOf(this.client, `/api/v1/users/${enc(id)}`), signal);
        const email = (body as OktaUser | null)?.profile?.email;
        if (typeof email === 'string' && email !== '') emails.set(id, email.toLowerCase());
      } catch (error) {
        if (describeFailure(error).httpStatus !== 404) throw error;
      }
    }
  }

  /** One user → a person, through the quarantine like any record (a person is written by the sink, not by emit). */
  private async emitPerson(raw: OktaUser, emails: users.EmailsById): Promise<void> {
    const out: { person?: PersonInput } = {};
    await this.ctx.sources.emit(SOURCE.users, raw, () => {
      const parsed = Person.safeParse(users.transform(raw, emails, this.t));
      if (!parsed.success)
        throw new InvalidRecordError(
          `Okta user: ${parsed.error.issues[0]?.path.join('.')} is invalid`,
          raw?.id ?? null,
        );
      out.person = parsed.data;
      return null;
    });
    if (out.person) await this.ctx.sink.person(out.person);
  }

  /**
   * One bounded System Log query: the latest event per key; null = unread. Incremental: the table and the window's
   * end are kept as connector state (committed only when the run succeeds), so the next run reads only what came
   * since, and a last use older than Okta's 90-day retention is still known.
   */
  private async readUsage(
    sourceId: string,
    filter: string,
    keyOf: (event: OktaLogEvent) => string | null,
  ): Promise<LastSeen | null> {
    const kept = LastSeen.fromJSON(this.ctx.state.get(`${sourceId}:last-seen`));
    const seen = kept ?? new LastSeen();
    const previousUntil = kept ? this.ctx.state.get(`${sourceId}:until`) : undefined;
    const { since, until } = logWindow(this.ctx.clock.now(), this.ctx.options.systemLogDays, previousUntil);
    const url = urlOf(this.client, '/api/v1/logs', { since, until, filter, sortOrder: 'ASCENDING', limit: 1000 });
    const complete = await this.ctx.sources.read(sourceId, async (signal) => {
      for await (const page of pages<OktaLogEvent>(this.client, 'logs', url, signal))
        for (const event of page) await this.readEvent(sourceId, seen, event, keyOf);
    });
    if (!complete) return null;
    if (seen.unreadable === 0) {
      this.ctx.state.set(`${sourceId}:last-seen`, seen.toJSON());
      this.ctx.state.set(`${sourceId}:until`, until);
    }
    return seen;
  }

  /** One event into the last-use table; one Okta sent without `published` is quarantined. */
  private async readEvent(
    sourceId: string,
    seen: LastSeen,
    event: OktaLogEvent,
    keyOf: (event: OktaLogEvent) => string | null,
  ): Promise<void> {
    if (event && typeof event === 'object' && typeof event.published === 'string') {
      this.ctx.sources.counted(sourceId);
      return seen.add(keyOf(event), event.published);
    }
    seen.unreadable++;
    await this.ctx.sources.emit(sourceId, event, () => {
      throw new InvalidRecordError('System Log event without published', null);
    });
  }

  /** Fields a usage source read only in part (an event quarantined) are kept from the store on every identity. */
  private usageStale(seen: LastSeen | null, sourceId: string, fields: StaleField['field'][]): StaleField[] {
    return seen && seen.unreadable > 0 ? fields.map((field) => ({ field, source: sourceId })) : [];
  }

  private appParts() {
    const { client } = this;
    const label = (a: OktaApp) => `app ${a.id}`;
    const byApp = (path: string) => (a: OktaApp) => urlOf(client, `/api/v1/apps/${enc(String(a.id))}${path}`);
    return {
      secrets: new PartReader<OktaApp, OktaClientSecret>(this.ctx, SOURCE.appSecrets, label, (a, s) =>
        listAll(client, 'app-secrets', byApp('/credentials/secrets')(a), s),
      ),
      jwks: new PartReader<OktaApp, OktaJwk>(this.ctx, SOURCE.appJwks, label, (a, s) =>
        listAll<OktaJwk>(client, 'app-jwks', byApp('/credentials/jwks')(a), s, jwksList),
      ),
      grants: new PartReader<OktaApp, OktaGrant>(this.ctx, SOURCE.appGrants, label, (a, s) =>
        listAll(client, 'app-grants', byApp('/grants')(a), s),
      ),
      roles: new PartReader<OktaApp, OktaRoleAssignment>(
        this.ctx,
        SOURCE.clientRoles,
        (a) => `client ${apps.clientIdOf(a)}`,
        (a, s) =>
          listAll(client, 'client-roles', urlOf(client, `/oauth2/v1/clients/${enc(apps.clientIdOf(a))}/roles`), s),
      ),
    };
  }

  /** Apps a page at a time; for each page's OIDC apps their secrets, keys, grants and roles, then the page emitted. */
  private async readApps(): Promise<void> {
    const pager = new Pager<OktaApp>(
      this.client,
      'apps',
      urlOf(this.client, '/api/v1/apps', { limit: this.ctx.options.pageSize }),
    );
    const readers = this.appParts();
    for (;;) {
      let page: OktaApp[] | null = null;
      await this.ctx.sources.read(SOURCE.apps, async (signal) => {
        page = await pager.next(signal);
      });
      if (!page) return;
      await this.emitApps(page, readers);
    }
  }

  private async emitApps(page: OktaApp[], r: ReturnType<OktaScan['appParts']>): Promise<void> {
    const oidc = page.filter((a) => apps.appType(a) !== null && typeof a.id === 'string' && a.id !== '');
    const [secrets, jwks, grants, roles] = [
      await r.secrets.read(oidc),
      await r.jwks.read(oidc),
      await r.grants.read(oidc),
      await r.roles.read(oidc),
    ];
    const index = new Map(oidc.map((a, i) => [a, i]));
    const partsOf = (raw: OktaApp): apps.AppParts => {
      const i = index.get(raw) ?? -1;
      const at = <T>(list: Array<T[] | null>) => (i < 0 ? null : list[i]);
      const stale: StaleField[] = [
        ...r.secrets.staleFor(at(secrets), ['credentials']),
        ...r.jwks.staleFor(at(jwks), ['credentials']),
        ...r.grants.staleFor(at(grants), ['permissions', 'ownerClaims']),
        ...r.roles.staleFor(at(roles), ['permissions']),
        ...this.usageStale(this.clientUsage, SOURCE.clientUsage, ['lastUsedAt']),
      ];
      const lastUsedAt = this.clientUsage?.get(apps.clientIdOf(raw)) ?? null;
      return { secrets: at(secrets), jwks: at(jwks), grants: at(grants), roles: at(roles), lastUsedAt, stale };
    };
    await this.ctx.sources.read(SOURCE.apps, async () => {
      for (const raw of page)
        await this.ctx.sources.emit(SOURCE.apps, raw, () => apps.transform(raw, partsOf(raw), this.t));
    });
  }

  /** API tokens (one short list), their creators' roles (once per creator), then the tokens emitted. */
  private async readApiTokens(): Promise<void> {
    const tokens: OktaApiToken[] = [];
    const listed = await this.ctx.sources.read(SOURCE.apiTokens, async (signal) => {
      for await (const page of pages<OktaApiToken>(
        this.client,
        'api-tokens',
        urlOf(this.client, '/api/v1/api-tokens'),
        signal,
      ))
        tokens.push(...page);
    });
    if (!listed) return;
    const creators = [
      ...new Set(tokens.map((t) => t?.userId).filter((u): u is string => typeof u === 'string' && u !== '')),
    ];
    const reader = new PartReader<string, OktaRoleAssignment>(
      this.ctx,
      SOURCE.creatorRoles,
      (u) => `user ${u}`,
      (u, s) => listAll(this.client, 'creator-roles', urlOf(this.client, `/api/v1/users/${enc(u)}/roles`), s),
    );
    const roles = await reader.read(creators);
    const rolesOf = new Map(creators.map((u, i) => [u, roles[i]]));
    await this.ctx.sources.read(SOURCE.apiTokens, async () => {
      for (const raw of tokens) {
        const creatorRoles = typeof raw?.userId === 'string' ? (rolesOf.get(raw.userId) ?? null) : [];
        const parts: apiTokens.TokenParts = {
          creatorRoles,
          lastUsedAt: typeof raw?.id === 'string' ? (this.tokenUsage?.get(raw.id) ?? null) : null,
          stale: [
            ...reader.staleFor(creatorRoles, ['permissions']),
            ...this.usageStale(this.tokenUsage, SOURCE.tokenUsage, ['lastUsedAt', 'credentials']),
          ],
        };
        await this.ctx.sources.emit(SOURCE.apiTokens, raw, () => apiTokens.transform(raw, parts, this.t));
      }
    });
  }

  /** API service integrations a page at a time, each page's secrets, then the page emitted. */
  private async readApiServices(): Promise<void> {
    const pager = new Pager<OktaApiService>(
      this.client,
      'api-services',
      urlOf(this.client, '/integrations/api/v1/api-services'),
    );
    const reader = new PartReader<OktaApiService, OktaClientSecret>(
      this.ctx,
      SOURCE.apiServiceSecrets,
      (s) => `API service integration ${s.id}`,
      (svc, s) =>
        listAll(
          this.client,
          'api-service-secrets',
          urlOf(this.client, `/integrations/api/v1/api-services/${enc(String(svc.id))}/credentials/secrets`),
          s,
        ),
    );
    for (;;) {
      let page: OktaApiService[] | null = null;
      const listed = await this.ctx.sources.read(SOURCE.apiServices, async (signal) => {
        page = await pager.next(signal);
      });
      if (!listed || !page) return;
      const batch: OktaApiService[] = page;
      const readable = batch.filter((s) => typeof s?.id === 'string' && s.id !== '');
      const secrets = await reader.read(readable);
      const secretsOf = new Map(readable.map((s, i) => [s, secrets[i]]));
      await this.ctx.sources.read(SOURCE.apiServices, async () => {
        for (const raw of batch) {
          const own = secretsOf.get(raw) ?? null;
          const parts: apiServices.ServiceParts = {
            secrets: own,
            lastUsedAt: typeof raw?.id === 'string' ? (this.clientUsage?.get(raw.id) ?? null) : null,
            stale: [
              ...reader.staleFor(own, ['credentials']),
              ...this.usageStale(this.clientUsage, SOURCE.clientUsage, ['lastUsedAt']),
            ],
          };
          await this.ctx.sources.emit(SOURCE.apiServices, raw, () => apiServices.transform(raw, parts, this.t));
        }
      });
    }
  }

  /** AI agents (Beta), `{ data, _links.next }` pages. */
  private async readAgents(): Promise<void> {
    const url = urlOf(this.client, '/workload-principals/api/v1/ai-agents', { limit: this.ctx.options.pageSize });
    await this.ctx.sources.read(SOURCE.aiAgents, async (signal) => {
      for await (const page of pages<OktaAiAgent>(this.client, 'ai-agents', url, signal, dataList))
        for (const raw of page) await this.ctx.sources.emit(SOURCE.aiAgents, raw, () => agents.transform(raw, this.t));
    });
  }
}
