import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GhOrgSecretData, GhRepoData } from '../../estate/types.js';
import { orgPublicKey } from '../derived.js';
import { guard, notFound, orgOk, paged, repoOf } from '../http.js';
import { fullRepository } from '../render-extra.js';
import type { EmulatorState } from '../state.js';

const named = <T extends { name: string }>(items: readonly T[], name: string): T | undefined =>
  items.find((x) => x.name.toLowerCase() === name.toLowerCase());
const secretName = (request: FastifyRequest) => (request.params as { secret_name: string }).secret_name;

/** Whether an org secret reaches a repository: visibility `all`, `private` (private/internal repositories) or selected. */
export function secretReaches(x: GhOrgSecretData, repo: GhRepoData): boolean {
  if (x.visibility === 'all') return true;
  if (x.visibility === 'private') return repo.visibility !== 'public';
  return x.selected_repository_ids.includes(repo.id);
}

/**
 * Single secrets and what they reach: GET /orgs/{org}/actions/secrets/public-key, /{secret_name},
 * /{secret_name}/repositories (the selected repositories; empty unless visibility is `selected`),
 * /repos/{o}/{r}/actions/organization-secrets (org secrets shared with the repository),
 * /repos/{o}/{r}/actions/secrets/{secret_name} and /repos/{o}/{r}/codespaces/secrets. Names match case-insensitively.
 */
export function registerSecretDetailRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/actions/secrets/public-key', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    return orgOk(s, request) ? orgPublicKey(s.data) : notFound(reply);
  });
  app.get('/orgs/:org/actions/secrets/:secret_name', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const x = orgOk(s, request) ? named(s.data.orgSecrets, secretName(request)) : undefined;
    return x ? s.render.orgSecret(x, 'actions') : notFound(reply);
  });
  app.get('/orgs/:org/actions/secrets/:secret_name/repositories', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const x = orgOk(s, request) ? named(s.data.orgSecrets, secretName(request)) : undefined;
    if (!x) return notFound(reply);
    const repos =
      x.visibility === 'selected' ? s.data.repos.filter((r) => x.selected_repository_ids.includes(r.id)) : [];
    const { body, total } = paged(s, request, reply, repos, (r) => fullRepository(s, r));
    return { total_count: total, repositories: body };
  });
  app.get('/repos/:owner/:repo/actions/organization-secrets', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    const shared = s.data.orgSecrets.filter((x) => secretReaches(x, repo));
    const { body, total } = paged(s, request, reply, shared, (x) => s.render.repoSecret(x));
    return { total_count: total, secrets: body };
  });
  app.get('/repos/:owner/:repo/actions/secrets/:secret_name', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    const x = repo && named(repo.secrets, secretName(request));
    return x ? s.render.repoSecret(x) : notFound(reply);
  });
  app.get('/repos/:owner/:repo/codespaces/secrets', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    const { body, total } = paged(s, request, reply, repo.codespacesSecrets ?? [], (x) => s.render.repoSecret(x));
    return { total_count: total, secrets: body };
  });
}
