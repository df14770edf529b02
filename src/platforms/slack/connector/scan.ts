import { Person, type PersonInput, type StaleField } from '../../../model/index.js';
import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import * as appRequests from './app-requests.js';
import * as apps from './apps.js';
import { auditPages } from './audit-client.js';
import { INSTALL_ACTION, type Install, installsOf } from './audit-logs.js';
import { SlackClient, itemsOf } from './client.js';
import type { TransformContext } from './common.js';
import * as integrations from './integrations.js';
import type { SlackOptions } from './options.js';
import { SOURCE } from './sources.js';
import * as users from './users.js';
import type {
  SlackAppRequest,
  SlackAuthTest,
  SlackBot,
  SlackAuditEntry,
  SlackIntegrationLog,
  SlackResolvedApp,
  SlackUser,
} from './wire.js';

type Ctx = ScanContext<SlackOptions>;
/** Failed per-object calls, none of them read, after which a lookup source ends instead of asking per object. */
const GIVE_UP_AFTER = 3;
const GRID_SOURCES = [SOURCE.approvedApps, SOURCE.restrictedApps, SOURCE.appRequests] as const;
const AUDIT_FIELDS: StaleField['field'][] = ['createdBy', 'ownerClaims', 'attributes.installedAt'];

/**
 * One Slack workspace or Enterprise Grid org: auth.test (which plan), members (people, then bot users with their
 * bots.info), then the app lists the plan has — admin.apps.* on Enterprise Grid, team.integrationLogs elsewhere — and
 * the other plan's sources switched off with the reason.
 */
export class SlackScan {
  private readonly client: SlackClient;
  private readonly t: TransformContext;
  /** Latest install per app id from the Audit Logs API; null when it was not read (switched off or failed). */
  private installs: Map<string, Install> | null = null;

  constructor(private readonly ctx: Ctx) {
    this.client = new SlackClient(ctx);
    this.t = { tenant: ctx.tenant };
  }

  async run(): Promise<ScanResult> {
    const auth = await this.readAuth();
    const bots = await this.readMembers();
    await this.emitBots(bots);
    if (this.isGrid(auth)) {
      this.ctx.sources.switchedOff(
        SOURCE.integrationLogs,
        'Enterprise Grid: installed apps come from admin.apps.approved/restricted.list',
      );
      await this.readAuditLogs();
      const scope = this.ctx.options.teamId
        ? { team_id: this.ctx.options.teamId }
        : { enterprise_id: auth.enterprise_id };
      await this.readResolvedApps(SOURCE.approvedApps, 'admin.apps.approved.list', 'approved_apps', 'approved', scope);
      await this.readResolvedApps(
        SOURCE.restrictedApps,
        'admin.apps.restricted.list',
        'restricted_apps',
        'restricted',
        scope,
      );
      await this.readRequests(scope);
    } else {
      const why = `admin.apps.* exist only on Enterprise Grid (${this.ctx.options.plan === 'standard' ? 'option plan: standard' : 'auth.test answered no enterprise_id'}); team.integrationLogs is read instead`;
      for (const id of [...GRID_SOURCES, SOURCE.auditLogs]) this.ctx.sources.switchedOff(id, why);
      await this.readIntegrationLogs();
    }
    return { mode: 'full' };
  }

  /** Enterprise Grid when the options say so, or (plan auto) when auth.test names an enterprise. */
  private isGrid(auth: SlackAuthTest): boolean {
    const { plan } = this.ctx.options;
    return (
      plan === 'enterprise' || (plan === 'auto' && typeof auth.enterprise_id === 'string' && auth.enterprise_id !== '')
    );
  }

  private async readAuth(): Promise<SlackAuthTest> {
    let auth: SlackAuthTest = {};
    await this.ctx.sources.read(SOURCE.auth, async (signal) => {
      auth = (await this.client.call('auth.test', signal, (web) => web.auth.test())) as SlackAuthTest;
      this.ctx.sources.counted(SOURCE.auth);
    });
    return auth;
  }

  /** users.list pages: people emitted as they come, bot users kept for their bots.info. */
  private async readMembers(): Promise<SlackUser[]> {
    const bots: SlackUser[] = [];
    await this.ctx.sources.read(SOURCE.users, async (signal) => {
      const pages = this.client.pages<SlackUser>(
        'users.list',
        { limit: this.ctx.options.usersPageSize },
        'members',
        signal,
      );
      for await (const page of pages)
        for (const raw of page) {
          const kind = users.memberKind(raw);
          if (kind === 'bot') bots.push(raw);
          else if (kind === 'person') await this.emitPerson(raw);
          else this.ctx.sources.counted(SOURCE.users);
        }
    });
    return bots;
  }

  /** One member → a person, through the quarantine like any record (a person is written by the sink, not by emit). */
  private async emitPerson(raw: SlackUser): Promise<void> {
    const out: { person?: PersonInput } = {};
    await this.ctx.sources.emit(SOURCE.users, raw, () => {
      const parsed = Person.safeParse(users.toPerson(raw, this.t));
      if (!parsed.success)
        throw new InvalidRecordError(
          `Slack user: ${parsed.error.issues[0]?.path.join('.')} is invalid`,
          raw?.id ?? null,
        );
      out.person = parsed.data;
      return null;
    });
    if (out.person) await this.ctx.sink.person(out.person);
  }

  /** bots.info for each bot user that names its bot, then every bot user emitted (a failed lookup marks it stale). */
  private async emitBots(bots: SlackUser[]): Promise<void> {
    const info = new Map<SlackUser, SlackBot | 'failed'>();
    await this.ctx.sources.read(SOURCE.botInfo, (signal) => this.readBotInfo(bots, info, signal));
    const complete = this.ctx.sources.status(SOURCE.botInfo) === 'complete';
    const fields: StaleField['field'][] = ['enabled', 'attributes.appId', 'attributes.botUpdatedAt'];
    await this.ctx.sources.read(SOURCE.users, async () => {
      for (const raw of bots) {
        const got = info.get(raw);
        const read = got !== undefined && got !== 'failed';
        const unread = got === 'failed' || (!complete && got === undefined && !!raw?.profile?.bot_id);
        const stale = unread ? fields.map((field) => ({ field, source: SOURCE.botInfo })) : [];
        const parts = { bot: read ? (got as SlackBot) : null, stale };
        await this.ctx.sources.emit(SOURCE.users, raw, () => users.toBot(raw, parts, this.t));
      }
    });
  }

  /**
   * bots.info for each bot user that names its bot, `concurrency` at a time. When the first calls all fail, the
   * method is out of reach for the whole workspace: the source ends instead of asking per bot.
   */
  private async readBotInfo(bots: SlackUser[], info: Map<SlackUser, SlackBot | 'failed'>, signal: AbortSignal) {
    const named = bots.filter((b) => typeof b?.profile?.bot_id === 'string' && b.profile.bot_id !== '');
    const step = this.ctx.options.concurrency;
    let [read, failed] = [0, 0];
    for (let i = 0; i < named.length; i += step) {
      const chunk = named.slice(i, i + step);
      const answers = await Promise.allSettled(
        chunk.map((raw) =>
          this.client.call('bots.info', signal, (web) => web.bots.info({ bot: String(raw.profile?.bot_id) })),
        ),
      );
      for (const [j, answer] of answers.entries()) {
        const raw = chunk[j];
        if (answer.status === 'fulfilled') {
          info.set(raw, (answer.value as { bot?: SlackBot }).bot ?? {});
          this.ctx.sources.counted(SOURCE.botInfo);
          read++;
          continue;
        }
        if (signal.aborted || (read === 0 && ++failed >= GIVE_UP_AFTER)) throw answer.reason;
        info.set(raw, 'failed');
        this.ctx.sources.objectFailed(SOURCE.botInfo, `bot ${raw.profile?.bot_id}`, answer.reason);
      }
    }
  }

  private async readResolvedApps(
    sourceId: string,
    method: string,
    key: string,
    status: apps.AppStatus,
    scope: Record<string, unknown>,
  ): Promise<void> {
    await this.ctx.sources.read(sourceId, async (signal) => {
      const args = { ...scope, limit: this.ctx.options.appsPageSize };
      for await (const page of this.client.pages<SlackResolvedApp>(method, args, key, signal))
        for (const raw of page)
          await this.ctx.sources.emit(sourceId, raw, () => apps.transform(raw, status, this.t, this.appParts(raw)));
    });
  }

  /** Enterprise Grid: every app_installed entry of the Audit Logs API, read before any app is emitted. */
  private async readAuditLogs(): Promise<void> {
    if (!this.ctx.options.auditLogs) {
      this.ctx.sources.switchedOff(SOURCE.auditLogs, 'option auditLogs: false');
      return;
    }
    const entries: SlackAuditEntry[] = [];
    const read = await this.ctx.sources.read(SOURCE.auditLogs, async (signal) => {
      for await (const page of auditPages(this.ctx, INSTALL_ACTION, signal)) {
        entries.push(...page);
        this.ctx.sources.counted(SOURCE.auditLogs, page.length);
      }
    });
    this.installs = read ? installsOf(entries) : null;
  }

  /** An app's install from the audit log; its fields marked stale when the log was due but not read. */
  private appParts(raw: SlackResolvedApp): apps.AppParts {
    if (this.installs) return { install: this.installs.get(String(raw?.app?.id)) ?? null, stale: [] };
    if (this.ctx.sources.isSwitchedOff(SOURCE.auditLogs)) return apps.NO_AUDIT;
    return { install: null, stale: AUDIT_FIELDS.map((field) => ({ field, source: SOURCE.auditLogs })) };
  }

  private async readRequests(scope: Record<string, unknown>): Promise<void> {
    await this.ctx.sources.read(SOURCE.appRequests, async (signal) => {
      const args = { ...scope, limit: this.ctx.options.appsPageSize };
      for await (const page of this.client.pages<SlackAppRequest>(
        'admin.apps.requests.list',
        args,
        'app_requests',
        signal,
      ))
        for (const raw of page)
          await this.ctx.sources.emit(SOURCE.appRequests, raw, () => appRequests.transform(raw, this.t));
    });
  }

  /** Every page of the integration log (`page`/`count` paging), folded into what is installed now, then emitted. */
  private async readIntegrationLogs(): Promise<void> {
    const entries: SlackIntegrationLog[] = [];
    const count = this.ctx.options.logsPageSize;
    await this.ctx.sources.read(SOURCE.integrationLogs, async (signal) => {
      for (let page = 1, pages = 1; page <= pages; page++) {
        const answer = await this.client.call('team.integrationLogs', signal, (web) =>
          web.team.integrationLogs({ count: String(count), page: String(page) } as never),
        );
        this.ctx.metrics.page();
        entries.push(...itemsOf<SlackIntegrationLog>(answer, 'logs', 'team.integrationLogs'));
        pages = Number((answer as { paging?: { pages?: number } }).paging?.pages ?? 1);
      }
      for (const installed of integrations.foldLogs(entries))
        await this.ctx.sources.emit(SOURCE.integrationLogs, installed.latest, () =>
          integrations.transform(installed, this.t),
        );
    });
  }
}
