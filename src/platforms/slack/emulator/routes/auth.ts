import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { method } from './method.js';

/** auth.test: the token's team and user; enterprise_id only on Enterprise Grid. */
export function registerAuthRoutes(app: FastifyInstance, s: EmulatorState): void {
  method(app, 'auth.test', (_args, reply) => {
    const { team, enterpriseId } = s.data;
    const user = s.data.users.find((u) => u.id === s.userId);
    return reply.send({
      ok: true,
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: user?.name ?? 'admin',
      team_id: team.id,
      user_id: s.userId,
      ...(enterpriseId ? { enterprise_id: enterpriseId } : {}),
      is_enterprise_install: false,
    });
  });
}
