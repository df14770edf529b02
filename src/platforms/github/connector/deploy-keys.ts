import { createHash } from 'node:crypto';
import type { IdentityInput } from '../../../model/index.js';
import type { ScanContext } from '../../../sync/connector.js';
import { type GitHubClient, pages } from './client.js';
import { type TransformContext, githubId, iso, loginClaim, requireId } from './common.js';
import type { GitHubOptions } from './options.js';
import { deployKeyAccess } from './permission-map.js';
import type { GhDeployKey } from './wire.js';

/** GET /repos/{owner}/{repo}/keys. */
export function listDeployKeys(
  client: GitHubClient,
  ctx: ScanContext<GitHubOptions>,
  owner: string,
  repo: string,
  signal?: AbortSignal,
): AsyncGenerator<GhDeployKey[]> {
  return pages<GhDeployKey>(client, ctx, 'deploy-keys', 'GET /repos/{owner}/{repo}/keys', { owner, repo }, signal);
}

/** OpenSSH-style `SHA256:<base64, no padding>` fingerprint of a public key line (`ssh-ed25519 AAAA… comment`). */
export function sshFingerprint(publicKey: string): string | null {
  if (typeof publicKey !== 'string') return null;
  const blob = publicKey.trim().split(/\s+/)[1];
  if (!blob) return null;
  const bytes = Buffer.from(blob, 'base64');
  if (bytes.length === 0) return null;
  return `SHA256:${createHash('sha256').update(bytes).digest('base64').replace(/=+$/, '')}`;
}

/** Pure: one deploy key of a repository → a deploy_key identity with its ssh_key credential. */
export function transform(
  raw: GhDeployKey,
  ctx: TransformContext & { repo: { name: string; full_name: string } },
): IdentityInput {
  const nativeId = requireId(raw.id, `GitHub deploy key of ${ctx.repo.full_name}`);
  const id = githubId(ctx, 'deploy_key', nativeId);
  const createdAt = iso(raw.created_at);
  const lastUsedAt = iso(raw.last_used);
  const enabled = raw.enabled !== false;
  const access = deployKeyAccess(raw.read_only);
  return {
    id,
    platform: 'github',
    tenant: ctx.org,
    kind: 'deploy_key',
    nativeType: 'deploy_key',
    nativeId: String(nativeId),
    name: raw.title,
    createdAt,
    createdBy: raw.added_by ?? null,
    lastUsedAt,
    lastUsedSource: 'deploy_key.last_used',
    enabled,
    attributes: {
      repository: ctx.repo.full_name,
      readOnly: raw.read_only,
      verified: raw.verified ?? null,
      addedBy: raw.added_by ?? null,
    },
    credentials: [
      {
        id: `${id}#ssh_key`,
        type: 'ssh_key',
        name: raw.title,
        createdAt,
        expiresAt: null,
        lastUsedAt,
        lastUsedSource: 'deploy_key.last_used',
        fingerprint: sshFingerprint(raw.key),
        enabled,
        attributes: {
          supportsExpiry: false,
          keyType: typeof raw.key === 'string' ? (raw.key.trim().split(/\s+/)[0] ?? null) : null,
        },
      },
    ],
    permissions: [
      {
        nativeName: access.nativeName,
        resource: ctx.repo.full_name,
        access: access.access,
        sensitivity: access.sensitivity,
        pathToAdmin: access.pathToAdmin,
        source: 'deploy_key.read_only',
        attributes: { readOnly: raw.read_only },
      },
    ],
    ownerClaims: loginClaim(raw.added_by, 'creator', 'deploy key added_by'),
  };
}
