import type { FastifyInstance } from 'fastify';
import { guard, notFound, orgOk, repoOf } from '../http.js';
import type { EmulatorState } from '../state.js';

/**
 * GET /orgs/{org}/actions/oidc/customization/sub (`oidc-custom-sub`: `include_claim_keys` empty when the org has no
 * template) and GET /repos/{owner}/{repo}/actions/oidc/customization/sub (`oidc-custom-sub-repo`: `use_default: true`
 * for a repository on GitHub's default template). Single objects, not lists.
 */
export function registerOidcRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/actions/oidc/customization/sub', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    return { include_claim_keys: [...(s.data.oidcSubTemplate?.include_claim_keys ?? [])] };
  });
  app.get('/repos/:owner/:repo/actions/oidc/customization/sub', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    const sub = repo.oidcSub;
    if (!sub || sub.use_default) return { use_default: true };
    return sub.include_claim_keys
      ? { use_default: false, include_claim_keys: [...sub.include_claim_keys] }
      : { use_default: false };
  });
}
