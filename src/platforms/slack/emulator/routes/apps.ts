import type { FastifyInstance, FastifyReply } from 'fastify';
import { fail, page } from '../http.js';
import type { EmulatorState } from '../state.js';
import { type MethodHandler, method } from './method.js';

const BOUNDS = { fallback: 100, max: 1000 };

/**
 * admin.apps.approved.list, .restricted.list and .requests.list: Enterprise Grid only (a workspace on another plan
 * answers not_allowed_token_type), scoped by team_id or enterprise_id (one of them is required).
 */
export function registerAppRoutes(app: FastifyInstance, s: EmulatorState): void {
  const grid =
    (serve: MethodHandler): MethodHandler =>
    (args, reply, request): FastifyReply => {
      if (!s.data.enterpriseId) return fail(reply, 'not_allowed_token_type');
      const enterprise = args.get('enterprise_id');
      const team = args.get('team_id');
      if (!enterprise && !team) return fail(reply, 'invalid_arguments');
      if ((enterprise && enterprise !== s.data.enterpriseId) || (team && team !== s.data.team.id))
        return fail(reply, team ? 'team_not_found' : 'enterprise_not_found');
      return serve(args, reply, request);
    };
  method(
    app,
    'admin.apps.approved.list',
    grid((args, reply) => page(reply, args, 'approved', 'approved_apps', s.data.approvedApps, BOUNDS)),
  );
  method(
    app,
    'admin.apps.restricted.list',
    grid((args, reply) => page(reply, args, 'restricted', 'restricted_apps', s.data.restrictedApps, BOUNDS)),
  );
  method(
    app,
    'admin.apps.requests.list',
    grid((args, reply) => page(reply, args, 'requests', 'app_requests', s.data.requests, BOUNDS)),
  );
}
