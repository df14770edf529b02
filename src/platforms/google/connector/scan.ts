import type { admin_directory_v1 } from '@googleapis/admin';
import { Person, type PersonInput } from '../../../model/index.js';
import type { ScanContext, ScanResult } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import { authFor, GoogleCalls, type WorkspaceClients, workspaceClients } from './client.js';
import { type CloudScanResult, scanCloud } from './cloud.js';
import { CLOUD_SOURCE } from './cloud-sources.js';
import type { TransformContext } from './common.js';
import * as delegation from './delegation.js';
import type { GoogleOptions } from './options.js';
import { SOURCE } from './sources.js';
import * as activity from './token-activity.js';
import * as tokens from './tokens.js';
import * as users from './users.js';

type Ctx = ScanContext<GoogleOptions>;
type User = admin_directory_v1.Schema$User;

/** Last run's delegation → service account matches, for the edges when the service accounts are unknown. */
const SA_MATCH_KEY = 'dwd-service-accounts';

const WORKSPACE_OFF = [SOURCE.users, SOURCE.tokens, SOURCE.tokenActivity, SOURCE.adminActivity];

/**
 * One Google tenant: the Workspace users (people, and whose tokens to read), the Cloud part (./cloud.ts), each
 * user's third-party tokens (bounded fan-out) folded into one identity per OAuth client with the Reports `token`
 * events' first and last use, then domain-wide delegation rebuilt from the Reports `admin` events and matched to the
 * Cloud service accounts by oauth2ClientId.
 */
export class GoogleScan {
  private readonly calls: GoogleCalls;
  private readonly t: TransformContext;

  constructor(private readonly ctx: Ctx) {
    this.calls = new GoogleCalls(ctx);
    this.t = { tenant: ctx.tenant };
  }

  async run(): Promise<ScanResult> {
    const { options } = this.ctx;
    if (options.workspace && !options.subject)
      throw new Error('google: options.subject (the Workspace admin to impersonate) is required when workspace is on');
    const ws = options.workspace ? workspaceClients(await authFor(options, 'workspace'), options) : null;
    const people = ws ? await this.readUsers(ws) : null;
    if (!ws) for (const id of WORKSPACE_OFF) this.ctx.sources.switchedOff(id, 'option workspace: false');
    const cloud: CloudScanResult = await scanCloud(this.ctx, this.t);
    if (ws && people) {
      await this.readClients(ws, people);
      await this.readDelegation(ws, cloud);
    }
    return { mode: 'full' };
  }

  /** users.list pages: people emitted as they come; every user kept (tokens.list walks them). */
  private async readUsers(ws: WorkspaceClients): Promise<User[]> {
    const all: User[] = [];
    await this.ctx.sources.read(SOURCE.users, async (signal) => {
      for await (const page of users.listUsers(ws, this.calls, this.ctx, signal)) {
        this.ctx.keepRaw('users', page);
        for (const raw of page) {
          all.push(raw);
          await this.emitPerson(raw);
        }
      }
    });
    return all;
  }

  /** One user → a person, through the quarantine like any record (a person is written by the sink, not by emit). */
  private async emitPerson(raw: User): Promise<void> {
    const out: { person?: PersonInput } = {};
    await this.ctx.sources.emit(SOURCE.users, raw, () => {
      const parsed = Person.safeParse(users.toPerson(raw, this.t));
      if (!parsed.success)
        throw new InvalidRecordError(
          `Google user: ${parsed.error.issues[0]?.path.join('.')} is invalid`,
          raw?.id ?? null,
        );
      out.person = parsed.data;
      return null;
    });
    if (out.person) await this.ctx.sink.person(out.person);
  }

  /** tokens.list per user, the token events' use, then one identity (and its grant edges) per OAuth client. */
  private async readClients(ws: WorkspaceClients, people: User[]): Promise<void> {
    const grants = new tokens.GrantFold();
    await this.ctx.sources.read(SOURCE.tokens, (signal) =>
      tokens.readAll(ws, this.calls, this.ctx, people, grants, signal),
    );
    const usage = await activity.readTokenActivity(ws, this.calls, this.ctx);
    if (this.ctx.sources.status(SOURCE.tokens) === 'skipped' || this.ctx.sources.status(SOURCE.tokens) === 'failed')
      return;
    await this.ctx.sources.read(SOURCE.tokens, async () => {
      for (const client of grants.clients()) {
        const parts = { usage: usage.read ? (usage.byClient.get(client.clientId) ?? null) : undefined };
        await this.ctx.sources.emit(SOURCE.tokens, client.first, () =>
          tokens.transform(client, this.t, { ...parts, incomplete: grants.failedUsers > 0 }),
        );
        for (const edge of tokens.grantEdges(client, this.t)) await this.ctx.sink.edge(edge);
      }
    });
  }

  /** Reports admin events replayed into the clients holding domain-wide delegation now, matched to service accounts. */
  private async readDelegation(ws: WorkspaceClients, cloud: CloudScanResult): Promise<void> {
    const match = this.serviceAccountMatch(cloud);
    await this.ctx.sources.read(SOURCE.adminActivity, async (signal) => {
      const grants = await delegation.readDelegation(ws, this.calls, this.ctx, signal);
      for (const grant of grants ?? []) {
        const sa = match.byClientId.get(grant.clientId) ?? null;
        const parts = {
          serviceAccount: match.listed ? sa : null,
          serviceAccountsListed: match.listed,
          stale: match.stale,
        };
        await this.ctx.sources.emit(SOURCE.adminActivity, grant, () => delegation.transform(grant, this.t, parts));
        if (sa) await this.ctx.sink.edge(delegation.serviceAccountEdge(grant, sa.identityId, this.t));
      }
    });
  }

  /**
   * The service accounts delegation is matched to. Listed: this run's (remembered in ctx.state). Cloud switched off:
   * none, and "not listed" is a fact. Cloud on but not every list read: unknown — the match attributes are stale
   * (the stored ones stay) and the last known matches keep their `delegated_to` edges.
   */
  private serviceAccountMatch(cloud: CloudScanResult): delegation.ServiceAccountMatch {
    const byClientId = cloud.serviceAccountsByClientId;
    if (byClientId) {
      this.ctx.state.set(SA_MATCH_KEY, JSON.stringify([...byClientId]));
      return { listed: true, byClientId, stale: [] };
    }
    if (!this.ctx.options.cloud) return { listed: false, byClientId: new Map(), stale: [] };
    const unread = [CLOUD_SOURCE.projects, CLOUD_SOURCE.serviceAccounts].find(
      (id) => this.ctx.sources.status(id) !== 'complete',
    );
    const source = unread ?? CLOUD_SOURCE.serviceAccounts;
    return {
      listed: false,
      byClientId: new Map(parseMatches(this.ctx.state.get(SA_MATCH_KEY))),
      stale: delegation.MATCH_FIELDS.map((field) => ({ field, source })),
    };
  }
}

/** The remembered matches (clientId → service account), or none when absent or unreadable. */
function parseMatches(raw: string | undefined): Array<[string, { email: string; identityId: string }]> {
  try {
    const parsed = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
