import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GhHookData, GhRepoData } from '../../estate/types.js';
import { type DeliveryData, deliveriesOf } from '../derived.js';
import { guard, notFound, orgOk, paged, repoOf } from '../http.js';
import type { EmulatorState } from '../state.js';

type Found = { hook: GhHookData; repo: GhRepoData | null } | undefined;

/** A delivery with its request and response, as GET …/deliveries/{delivery_id} answers (`hook-delivery`). */
function deliveryDetail(h: GhHookData, d: DeliveryData): Record<string, unknown> {
  const headers = {
    Accept: '*/*',
    'content-type': h.config.content_type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    'User-Agent': 'GitHub-Hookshot/emulator',
    'X-GitHub-Delivery': d.guid,
    'X-GitHub-Event': d.event,
    'X-GitHub-Hook-ID': String(h.id),
  };
  const payload = {
    ...(d.action ? { action: d.action } : {}),
    ...(d.repository_id ? { repository: { id: d.repository_id } } : {}),
  };
  return {
    ...d,
    url: h.config.url,
    request: { headers, payload },
    response: { headers: { 'Content-Type': 'text/plain;charset=utf-8' }, payload: d.status_code < 300 ? 'ok' : null },
  };
}

/**
 * Org and repository webhooks: the lists, GET …/hooks/{hook_id}, …/config (`webhook-config`, secret masked as
 * GitHub does), …/deliveries (derived, newest first) and …/deliveries/{delivery_id}.
 */
export function registerHookRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/hooks', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    return paged(s, request, reply, s.data.orgHooks, (h) => s.render.orgHook(h)).body;
  });
  app.get('/repos/:owner/:repo/hooks', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const repo = repoOf(s, request);
    if (!repo) return notFound(reply);
    return paged(s, request, reply, repo.hooks, (h) => s.render.repoHook(repo, h)).body;
  });
  const hookId = (request: FastifyRequest) => Number((request.params as { hook_id: string }).hook_id);
  const orgHook = (request: FastifyRequest): Found => {
    const hook = orgOk(s, request) ? s.data.orgHooks.find((h) => h.id === hookId(request)) : undefined;
    return hook && { hook, repo: null };
  };
  const repoHook = (request: FastifyRequest): Found => {
    const repo = repoOf(s, request);
    const hook = repo?.hooks.find((h) => h.id === hookId(request));
    return hook && repo && { hook, repo };
  };
  for (const [prefix, find] of [
    ['/orgs/:org/hooks/:hook_id', orgHook],
    ['/repos/:owner/:repo/hooks/:hook_id', repoHook],
  ] as const)
    registerHookDetail(app, s, prefix, find);
}

function registerHookDetail(
  app: FastifyInstance,
  s: EmulatorState,
  prefix: string,
  find: (request: FastifyRequest) => Found,
): void {
  const route = (
    path: string,
    answer: (f: NonNullable<Found>, request: FastifyRequest, reply: FastifyReply) => unknown,
  ) =>
    app.get(`${prefix}${path}`, async (request, reply) => {
      if (!guard(s, request, reply)) return reply;
      const f = find(request);
      return f ? answer(f, request, reply) : notFound(reply);
    });
  route('', ({ hook, repo }) => (repo ? s.render.repoHook(repo, hook) : s.render.orgHook(hook)));
  // PATCH …/hooks/{hook_id} (update a webhook): the emulator takes `active`, what the remediation actions set.
  app.patch(prefix, async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const f = find(request);
    if (!f) return notFound(reply);
    const active = (request.body as { active?: unknown } | undefined)?.active;
    if (active !== undefined && typeof active !== 'boolean')
      return reply.code(422).send({
        message: `Invalid request.\n\nFor 'properties/active', "${String(active)}" is not a boolean.`,
        documentation_url: 'https://docs.github.com/rest/orgs/webhooks#update-an-organization-webhook',
        status: '422',
      });
    if (typeof active === 'boolean') f.hook.active = active;
    return f.repo ? s.render.repoHook(f.repo, f.hook) : s.render.orgHook(f.hook);
  });
  route('/config', ({ hook }) => ({ ...hook.config }));
  route(
    '/deliveries',
    ({ hook, repo }, request, reply) => paged(s, request, reply, deliveriesOf(hook, repo), (d) => d).body,
  );
  route('/deliveries/:delivery_id', ({ hook, repo }, request, reply) => {
    const id = Number((request.params as { delivery_id: string }).delivery_id);
    const d = deliveriesOf(hook, repo).find((x) => x.id === id);
    return d ? deliveryDetail(hook, d) : notFound(reply);
  });
}
