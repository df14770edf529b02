import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import { ApiError } from './errors.js';
import type { Role } from './route.js';

/**
 * API tokens: `stw_<id>_<secret>`, the secret 32 random bytes in base64url. Only scrypt(secret, salt) is stored
 * (node:crypto's scrypt: no native build to ship, unlike argon2), compared with timingSafeEqual. A scrypt costs tens
 * of milliseconds on purpose, so a token verified once is remembered in memory by the SHA-256 of the whole token
 * for VERIFIED_TTL_MS (a revoke through this server forgets it at once; one from another process within that time).
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;
export const VERIFIED_TTL_MS = 60_000;
const TOKEN_FORM = /^stw_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const scryptAsync = promisify(scrypt) as (
  secret: string,
  salt: Buffer,
  length: number,
  options: typeof SCRYPT,
) => Promise<Buffer>;

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

export interface MintedToken extends Principal {
  token: string;
}

/** Creates a token and stores its hash; the token itself is returned once and never stored. */
export async function mintToken(
  db: Kysely<Database>,
  input: { name: string; role: Role; createdBy: string; now: string },
): Promise<MintedToken> {
  const tokenId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, KEY_LENGTH, SCRYPT);
  await db
    .insertInto('api_tokens')
    .values({
      id: tokenId,
      name: input.name,
      role: input.role,
      hash: hash.toString('base64'),
      salt: salt.toString('base64'),
      created_at: input.now,
      created_by: input.createdBy,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { tokenId, name: input.name, role: input.role, token: `stw_${tokenId}_${secret}` };
}

export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Every token without its hash or salt, newest first. */
export async function listTokens(db: Kysely<Database>): Promise<TokenInfo[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'created_at', 'created_by', 'last_used_at', 'revoked_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role as Role,
    createdAt: r.created_at,
    createdBy: r.created_by,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes a token; false when there is no such token or it was revoked already. */
export async function revokeToken(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

interface Verified extends Principal {
  verifiedAt: number;
}

/** Verifies bearer tokens against the store, remembering verified ones (see the module comment). */
export class TokenVerifier {
  private readonly verified = new Map<string, Verified>();
  /** Verifications under way: 50 clients arriving at once with one token cost one scrypt, not 50. */
  private readonly pending = new Map<string, Promise<Principal>>();
  constructor(
    private readonly db: Kysely<Database>,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async verify(authorization: string | undefined): Promise<Principal> {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new ApiError('unauthorized', 'a bearer token is required (Authorization: Bearer stw_...)');
    const key = createHash('sha256').update(token).digest('base64');
    const known = this.verified.get(key);
    if (known && this.nowMs() - known.verifiedAt < VERIFIED_TTL_MS)
      return { tokenId: known.tokenId, name: known.name, role: known.role };
    this.verified.delete(key);
    let check = this.pending.get(key);
    if (!check) {
      check = this.check(token).finally(() => this.pending.delete(key));
      this.pending.set(key, check);
    }
    const principal = await check;
    this.verified.set(key, { ...principal, verifiedAt: this.nowMs() });
    return principal;
  }

  /** Forgets a token at once (after a revoke). */
  forget(tokenId: string): void {
    for (const [key, v] of this.verified) if (v.tokenId === tokenId) this.verified.delete(key);
  }

  private async check(token: string): Promise<Principal> {
    const invalid = new ApiError('unauthorized', 'the token is unknown, malformed or revoked');
    const m = TOKEN_FORM.exec(token);
    if (!m) throw invalid;
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', m[1]).executeTakeFirst();
    if (!row || row.revoked_at !== null) throw invalid;
    const actual = await scryptAsync(m[2], Buffer.from(row.salt, 'base64'), KEY_LENGTH, SCRYPT);
    const expected = Buffer.from(row.hash, 'base64');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw invalid;
    await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(this.nowMs()).toISOString() })
      .where('id', '=', row.id)
      .execute();
    return { tokenId: row.id, name: row.name, role: row.role as Role };
  }
}
