import type { FastifyInstance } from 'fastify';
import { errorBody, guard, paged } from '../http.js';
import { fullRepository, installationRepos } from '../render-extra.js';
import type { EmulatorState } from '../state.js';

/**
 * GET /installation/repositories (installation tokens only: GitHub answers other tokens 403) and
 * GET /user/installations (the installations of the scanner App the user can reach: its org installation; the org
 * owner's classic token stands for the App user token GitHub asks for).
 */
export function registerInstallationAccessRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/installation/repositories', async (request, reply) => {
    const caller = guard(s, request, reply);
    if (!caller) return reply;
    if (caller.kind !== 'installation')
      return reply.code(403).send(errorBody('This endpoint can only be accessed with an installation token', 403));
    const inst = s.data.installations.find((i) => i.id === s.data.scanner.installationId)!;
    const { body, total } = paged(s, request, reply, installationRepos(s, inst), (r) => fullRepository(s, r));
    return { total_count: total, repositories: body, repository_selection: inst.repository_selection };
  });
  app.get('/user/installations', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const mine = s.data.installations.filter((i) => i.id === s.data.scanner.installationId);
    const { body, total } = paged(s, request, reply, mine, (i) => s.render.installation(i));
    return { total_count: total, installations: body };
  });
}
