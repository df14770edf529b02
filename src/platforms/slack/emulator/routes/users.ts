import type { FastifyInstance } from 'fastify';
import { fail, page } from '../http.js';
import type { EmulatorState } from '../state.js';
import { method } from './method.js';

/** users.list (cursor pages, default 100, at most 1000) and bots.info (bot=B…). */
export function registerUserRoutes(app: FastifyInstance, s: EmulatorState): void {
  method(app, 'users.list', (args, reply) =>
    page(
      reply,
      args,
      'users',
      'members',
      s.data.users,
      { fallback: 100, max: 1000 },
      {
        cache_ts: Math.floor(Date.now() / 1000),
      },
    ),
  );
  method(app, 'bots.info', (args, reply) => {
    const bot = s.bots.get(args.get('bot') ?? '');
    return bot ? reply.send({ ok: true, bot }) : fail(reply, 'bot_not_found');
  });
}
