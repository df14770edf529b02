import type { admin_directory_v1 } from '@googleapis/admin';
import {
  type EdgeInput,
  type IdentityInput,
  type OwnerClaim,
  personId,
  type StaleField,
} from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { InvalidRecordError } from '../../../sync/failure.js';
import type { GoogleCalls, WorkspaceClients } from './client.js';
import { bool, emailClaim, googleId, requireId, requireObject, str, type TransformContext } from './common.js';
import type { GoogleOptions } from './options.js';
import { isHighScope, scopePermission } from './scopes.js';
import { ENDPOINTS, SOURCE } from './sources.js';
import type { ClientUsage } from './token-activity.js';
import { personStatus } from './users.js';

type User = admin_directory_v1.Schema$User;
type Token = admin_directory_v1.Schema$Token;

/** Failed users, none read, after which the source ends (a tenant-wide refusal) instead of asking per user. */
const GIVE_UP_AFTER = 3;
/** Grantors named as owner candidates (for review): the first few, active ones first. */
const OWNER_CANDIDATES = 3;
const STATUS_RANK = { active: 0, disabled: 1, departed: 2 } as const;

export interface Grantor {
  userId: string;
  email: string | null;
  status: keyof typeof STATUS_RANK;
}

/** Every user's token of one OAuth client. */
export interface ClientGrants {
  clientId: string;
  /** The first token seen (its displayText, flags; the raw record quarantined if the client fails). */
  first: Token;
  grantors: Grantor[];
  /** Users holding each scope. */
  scopes: Map<string, number>;
}

/** Folds tokens.list answers into one entry per OAuth client (memory: one entry per client, one grantor per grant). */
export class GrantFold {
  private readonly byClient = new Map<string, ClientGrants>();
  failedUsers = 0;

  /** Folds one user's tokens; returns the tokens that name no client (quarantined by the caller). */
  add(user: User, tokens: Token[]): Token[] {
    const grantor: Grantor = {
      userId: String(user.id),
      email: str(user.primaryEmail)?.toLowerCase() ?? null,
      status: personStatus(user),
    };
    const malformed: Token[] = [];
    for (const token of tokens) {
      const clientId = str(token?.clientId);
      if (!clientId) {
        malformed.push(token);
        continue;
      }
      const entry: ClientGrants = this.byClient.get(clientId) ?? {
        clientId,
        first: token,
        grantors: [],
        scopes: new Map(),
      };
      this.byClient.set(clientId, entry);
      entry.grantors.push(grantor);
      for (const scope of new Set(Array.isArray(token.scopes) ? token.scopes : []))
        if (typeof scope === 'string' && scope !== '') entry.scopes.set(scope, (entry.scopes.get(scope) ?? 0) + 1);
    }
    // A token naming no client may be any client's: every client's grants become unknown for this run.
    if (malformed.length) this.failedUsers++;
    return malformed;
  }

  clients(): IterableIterator<ClientGrants> {
    return this.byClient.values();
  }
}

/** tokens.list of one user (unpaged: the whole list in one answer). */
export async function listTokens(
  ws: WorkspaceClients,
  calls: GoogleCalls,
  user: User,
  signal: AbortSignal,
): Promise<Token[]> {
  const userKey = requireId(user.id, 'Google user');
  const answer = await calls.call(ENDPOINTS.tokens, signal, (o) => ws.directory.tokens.list({ userKey }, o));
  return answer.items ?? [];
}

/**
 * tokens.list for every user, `concurrency` at a time (the Directory API counts queries per minute; 429 and 403
 * rate-limit answers are retried by GoogleCalls). A user whose call failed is recorded with objectFailed: the
 * source is partial, so no client is swept, and each client's grants are marked stale. When the first calls all
 * fail, the method is out of reach for the whole customer: the source ends with that error.
 */
export async function readAll(
  ws: WorkspaceClients,
  calls: GoogleCalls,
  ctx: ScanContext<GoogleOptions>,
  people: User[],
  fold: GrantFold,
  signal: AbortSignal,
): Promise<void> {
  // A user without an id (quarantined by the users source too) has grants no call can read: unknown, not absent.
  const users = people.filter((u) => str(u?.id));
  for (const unread of people.filter((u) => !str(u?.id))) {
    fold.failedUsers++;
    await ctx.sources.emit(SOURCE.tokens, unread, () => {
      throw new InvalidRecordError('Google user without id: its tokens cannot be listed', null);
    });
  }
  let [next, read, failed, stopped] = [0, 0, 0, false];
  const one = async (user: User): Promise<void> => {
    try {
      const tokens = await listTokens(ws, calls, user, signal);
      if (stopped) return;
      read++;
      for (const bad of fold.add(user, tokens))
        await ctx.sources.emit(SOURCE.tokens, bad, () => {
          throw new InvalidRecordError(`Google token of user ${user.primaryEmail ?? user.id} without clientId`, null);
        });
    } catch (error) {
      if (stopped) return;
      if (signal.aborted || (read === 0 && ++failed >= GIVE_UP_AFTER)) {
        stopped = true;
        throw error;
      }
      fold.failedUsers++;
      ctx.sources.objectFailed(SOURCE.tokens, `user ${user?.primaryEmail ?? user?.id}`, error);
    }
  };
  const worker = async (): Promise<void> => {
    while (!stopped && next < users.length) await one(users[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(ctx.options.concurrency, Math.max(1, users.length)) }, worker));
}

const STALE_GRANTS: StaleField['field'][] = [
  'permissions',
  'ownerClaims',
  'attributes.grantedUsers',
  'attributes.departedGrantedUsers',
  'attributes.highScopes',
];
const STALE_USE: StaleField['field'][] = ['lastUsedAt', 'attributes.firstUsedAt', 'attributes.clientType'];

export interface ClientParts {
  /** The client's use from Reports token events; null = no event; undefined = the events were not read. */
  usage: ClientUsage | null | undefined;
  /** Some users' tokens could not be read: this client's grants may be missing theirs. */
  incomplete: boolean;
}

/** Grantors in the order ownership attribution ranks them: active first, then by email. */
export function rankGrantors(grantors: readonly Grantor[]): Grantor[] {
  return [...grantors].sort(
    (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || (a.email ?? '').localeCompare(b.email ?? ''),
  );
}

function ownerClaims(grantors: readonly Grantor[]): OwnerClaim[] {
  const confidence = grantors.length === 1 ? 0.6 : 0.4;
  const why = grantors.length === 1 ? 'the only user who granted it' : `one of ${grantors.length} users who granted it`;
  return rankGrantors(grantors)
    .slice(0, OWNER_CANDIDATES)
    .flatMap((g) => emailClaim(g.email, 'consenting_user', confidence, `${why} (tokens.list)`));
}

/**
 * Pure: one OAuth client's tokens across users → an `oauth_client` identity: every granted scope a permission
 * (tiered by scopes.ts) with how many users hold it, the grant counts, first and last use from the Reports.
 */
export function transform(client: ClientGrants, t: TransformContext, parts: ClientParts): IdentityInput {
  const token = requireObject(client.first, 'Google token');
  const nativeId = requireId(client.clientId, 'Google token', 'clientId');
  const scopes = [...client.scopes.keys()].sort();
  const stale = [...(parts.incomplete ? STALE_GRANTS : []), ...(parts.usage === undefined ? STALE_USE : [])].map(
    (field) => ({
      field,
      source: parts.incomplete && STALE_GRANTS.includes(field) ? SOURCE.tokens : SOURCE.tokenActivity,
    }),
  );
  return {
    id: googleId(t, 'oauth_client', nativeId),
    platform: 'google',
    tenant: t.tenant,
    kind: 'oauth_app',
    nativeType: 'oauth_client',
    nativeId,
    name: str(token.displayText) ?? nativeId,
    lastUsedAt: parts.usage?.lastUsedAt ?? null,
    lastUsedSource: parts.usage ? 'Reports token events' : null,
    enabled: true,
    thirdParty: true,
    attributes: {
      displayText: str(token.displayText),
      anonymous: bool(token.anonymous),
      nativeApp: bool(token.nativeApp),
      clientType: parts.usage?.clientType ?? null,
      grantedUsers: client.grantors.length,
      departedGrantedUsers: client.grantors.filter((g) => g.status !== 'active').length,
      highScopes: scopes.filter(isHighScope),
      firstUsedAt: parts.usage?.firstUsedAt ?? null,
    },
    permissions: scopes.map((s) => scopePermission(s, 'tokens.list', { grantedUsers: client.scopes.get(s) ?? 0 })),
    ownerClaims: ownerClaims(client.grantors),
    stale,
  };
}

/** One `granted_by` edge per user holding a token of the client (client → the user as a person of this tenant). */
export function grantEdges(client: ClientGrants, t: TransformContext): EdgeInput[] {
  const from = googleId(t, 'oauth_client', client.clientId);
  return client.grantors.map((g) => ({
    from,
    to: personId('google', t.tenant, g.userId),
    kind: 'granted_by',
    attributes: { email: g.email },
  }));
}
