import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SlackResolvedAppData } from '../../estate/types.js';
import { fail } from '../http.js';
import type { EmulatorState } from '../state.js';
import { method } from './method.js';

type Resolution = 'approved' | 'restricted';

/**
 * admin.apps.approve and admin.apps.restrict (Enterprise Grid only, admin.apps:write): exactly one of team_id or
 * enterprise_id, and app_id or request_id. The app moves to the list of its new resolution, stamped with when and by
 * whom (date_updated, last_resolved_by: the token's admin), and a request it answers is no longer pending. The
 * emulated org has one workspace, so a workspace-level and an org-level resolution land in the same lists.
 */
export function registerAppResolutionRoutes(app: FastifyInstance, s: EmulatorState): void {
  for (const [name, to] of [
    ['admin.apps.approve', 'approved'],
    ['admin.apps.restrict', 'restricted'],
  ] as const)
    method(app, name, (args, reply) => resolve(s, args, reply, to));
}

function resolve(s: EmulatorState, args: URLSearchParams, reply: FastifyReply, to: Resolution): FastifyReply {
  if (!s.data.enterpriseId) return fail(reply, 'not_allowed_token_type');
  const enterprise = args.get('enterprise_id');
  const team = args.get('team_id');
  if (enterprise && team) return fail(reply, 'too_many_teams_provided');
  if (!enterprise && !team) return fail(reply, 'invalid_arguments');
  if (team && team !== s.data.team.id) return fail(reply, 'team_not_found');
  if (enterprise && enterprise !== s.data.enterpriseId) return fail(reply, 'enterprise_not_found');
  const requestId = args.get('request_id');
  const appId = args.get('app_id');
  if (!requestId && !appId) return fail(reply, 'invalid_arguments');
  const request = requestId ? s.data.requests.find((r) => r.id === requestId) : undefined;
  if (requestId && !request) return fail(reply, 'invalid_request_id');
  const id = request?.app.id ?? String(appId);
  const known = [...s.data.approvedApps, ...s.data.restrictedApps].find((a) => a.app.id === id);
  const pending = s.data.requests.find((r) => r.app.id === id);
  if (!known && !pending) return fail(reply, 'invalid_app_id');
  const entry: SlackResolvedAppData = {
    app: (known ?? pending)!.app,
    scopes: (known ?? pending)!.scopes,
    date_updated: Math.floor(Date.now() / 1000),
    last_resolved_by: { actor_id: s.userId, actor_type: 'user' },
  };
  s.data.approvedApps = s.data.approvedApps.filter((a) => a.app.id !== id);
  s.data.restrictedApps = s.data.restrictedApps.filter((a) => a.app.id !== id);
  s.data.requests = s.data.requests.filter((r) => r.app.id !== id);
  (to === 'approved' ? s.data.approvedApps : s.data.restrictedApps).push(entry);
  return reply.send({ ok: true });
}
