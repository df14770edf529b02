import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GhOrgSecretData, GhRepoData, GhSecretData } from '../../estate/types.js';
import { guard, notFound, orgOk, paged, repoOf } from '../http.js';
import type { EmulatorState } from '../state.js';

/**
 * The secret stores, each a `{total_count, secrets}` list of metadata (GitHub never returns values): Actions
 * (org, repository, environment), Dependabot (org, repository) and Codespaces (org); and the environments list
 * (`{total_count, environments}`) a client walks to reach environment secrets.
 */
export function registerSecretRoutes(app: FastifyInstance, s: EmulatorState): void {
  const orgStore = (path: string, store: 'actions' | 'dependabot' | 'codespaces', items: () => GhOrgSecretData[]) =>
    app.get(path, async (request, reply) => {
      if (!guard(s, request, reply)) return reply;
      if (!orgOk(s, request)) return notFound(reply);
      const { body, total } = paged(s, request, reply, items(), (x) => s.render.orgSecret(x, store));
      return { total_count: total, secrets: body };
    });
  const repoStore = (path: string, items: (repo: GhRepoData, request: FastifyRequest) => GhSecretData[] | undefined) =>
    app.get(path, async (request: FastifyRequest, reply: FastifyReply) => {
      if (!guard(s, request, reply)) return reply;
      const repo = repoOf(s, request);
      const list = repo && items(repo, request);
      if (!list) return notFound(reply);
      const { body, total } = paged(s, request, reply, list, (x) => s.render.repoSecret(x));
      return { total_count: total, secrets: body };
    });

  orgStore('/orgs/:org/actions/secrets', 'actions', () => s.data.orgSecrets);
  orgStore('/orgs/:org/dependabot/secrets', 'dependabot', () => s.data.dependabotOrgSecrets);
  orgStore('/orgs/:org/codespaces/secrets', 'codespaces', () => s.data.codespacesOrgSecrets);
  repoStore('/repos/:owner/:repo/actions/secrets', (repo) => repo.secrets);
  repoStore('/repos/:owner/:repo/dependabot/secrets', (repo) => repo.dependabotSecrets);
  // Environment names are case-insensitive at GitHub; an unknown one is a 404.
  repoStore('/repos/:owner/:repo/environments/:environment_name/secrets', (repo, request) => {
    const wanted = (request.params as { environment_name: string }).environment_name.toLowerCase();
    return repo.environments.find((e) => e.name.toLowerCase() === wanted)?.secrets;
  });
  app.get('/repos/:owner/:repo/environments', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    const { body, total } = paged(s, request, reply, repo.environments, (e) => s.render.environment(repo, e));
    return { total_count: total, environments: body };
  });
}
