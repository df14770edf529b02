import { createHash } from 'node:crypto';

/**
 * Sub-scopes of a GitHub org split over several workers or threads (`partitions` > 1, docs/scale.md §4a, §5):
 * `org` — members, App installations, credential authorizations, fine-grained PATs, org secrets and hooks — and
 * `repos:k/N` for k = 0..N-1 — deploy keys, Actions secrets and hooks of the repositories whose partition is k.
 * Per-repository calls are nearly all of an org's calls (three per repository), so the repositories are what is split.
 */
export const ORG_SCOPE = 'org';
/** `repos:k/N`: part k of N. */
const REPOS_SCOPE = /^repos:(\d+)\/(\d+)$/;

export type GitHubScope = { kind: 'all' } | { kind: 'org' } | { kind: 'repos'; index: number; of: number };

/** The repository part count: the options' `partitions` when set, else what a local threaded scan proposes, else 1. */
export function partitionCount(partitions: number | undefined, splitInto?: number | null): number {
  return partitions ?? splitInto ?? 1;
}

export function githubScopes(partitions: number): string[] | undefined {
  if (partitions <= 1) return undefined;
  return [ORG_SCOPE, ...Array.from({ length: partitions }, (_, k) => `repos:${k}/${partitions}`)];
}

/**
 * How much of a first scan's time a scope takes: the org-level lists are few calls but many records (about a tenth
 * of the org's time in the seven-platform benchmark at 1M: 82 of 804 s); the repositories share the rest equally.
 */
export const ORG_SCOPE_SHARE = 0.1;

export function githubScopeShare(scope: string): number {
  if (scope === ORG_SCOPE) return ORG_SCOPE_SHARE;
  const m = REPOS_SCOPE.exec(scope);
  return m ? (1 - ORG_SCOPE_SHARE) / Number(m[2]) : 1;
}

/** Parses a scope the engine passes in; a scope from another partition count is refused (not silently re-split). */
export function parseScope(scope: string | null | undefined, partitions: number): GitHubScope {
  if (scope == null) return { kind: 'all' };
  if (scope === ORG_SCOPE) return { kind: 'org' };
  const m = REPOS_SCOPE.exec(scope);
  if (m && Number(m[2]) === partitions && Number(m[1]) < partitions)
    return { kind: 'repos', index: Number(m[1]), of: partitions };
  throw new Error(
    `unknown GitHub scope "${scope}" for partitions: ${partitions} (expected ${githubScopes(partitions)?.join(', ') ?? 'no scope'})`,
  );
}

/**
 * The partition of a repository: SHA-256 of its numeric id, first 32 bits, modulo N. The id never changes (not on
 * rename or on transfer within the org), and the hash does not depend on which other repositories exist, so a
 * repository — and every record of it — stays in its scope while others are created or deleted. Page ranges of the
 * repository list would shift on every deletion and move records between scopes.
 */
export function repositoryPartition(repositoryId: number | string, partitions: number): number {
  return createHash('sha256').update(String(repositoryId)).digest().readUInt32BE(0) % partitions;
}
