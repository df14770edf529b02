import type { RemediationAction } from '../../../remediation/action.js';
import { octokit } from './octokit.js';

/**
 * Deletes a repository deploy key (DELETE /repos/{owner}/{repo}/keys/{key_id}). GitHub keeps no copy of a deleted
 * key and deploy keys cannot be edited, only re-added with a new key: there is no inverse.
 */
export const deployKeyDelete: RemediationAction = {
  id: 'github.deploy-key.delete',
  title: 'Delete a repository deploy key',
  platform: 'github',
  nativeTypes: ['deploy_key'],
  permission: 'repository Administration: write (fine-grained) or repo / admin:public_key scope (classic)',
  inverse: { none: 'a deleted deploy key cannot be restored; its owner adds a new key' },
  disruptive: true,
  targets: (identity) => {
    const [owner, repo] = String(identity.attributes.repository ?? '').split('/');
    if (!owner || !repo) return [];
    return [
      {
        platform: identity.platform,
        tenant: identity.tenant,
        identityId: identity.id,
        credentialId: identity.credentials[0]?.id ?? null,
        label: `${owner}/${repo} deploy key "${identity.name}"`,
        params: { owner, repo, keyId: identity.nativeId },
      },
    ];
  },
  describe: (t) => ({
    calls: [{ method: 'DELETE', path: `/repos/${t.params.owner}/${t.params.repo}/keys/${t.params.keyId}` }],
    changes: [{ field: `deploy key ${t.params.keyId}`, before: 'present', after: 'deleted' }],
  }),
  apply: async (ctx, t) => {
    await octokit(ctx, t.tenant).request('DELETE /repos/{owner}/{repo}/keys/{key_id}', {
      owner: t.params.owner,
      repo: t.params.repo,
      key_id: Number(t.params.keyId),
    });
  },
  verify: async (ctx, t) => {
    try {
      await octokit(ctx, t.tenant).request('GET /repos/{owner}/{repo}/keys/{key_id}', {
        owner: t.params.owner,
        repo: t.params.repo,
        key_id: Number(t.params.keyId),
      });
      return { ok: false, observed: 'key still listed' };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return { ok: true, observed: 'key not found (404)' };
      throw error;
    }
  },
};
