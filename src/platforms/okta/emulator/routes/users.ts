import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OktaUserData } from '../../estate/types.js';
import { objectGetter, parseFilter } from '../filter.js';
import { badFilter, cursorPage, notFound, params, query, setLinks } from '../http.js';
import { type EmulatorState, userOf } from '../state.js';

/**
 * Users as Okta lists them: without `search` or `filter`, every user except DEPROVISIONED ones; an expression
 * (`status eq "DEPROVISIONED"`, `profile.email sw "a"`, ...) selects over all users; `q` matches name and e-mail
 * prefixes. Throws the expression's error for a bad one.
 */
function selectUsers(s: EmulatorState, request: FastifyRequest): OktaUserData[] {
  const { q, filter, search } = query(request);
  const key = JSON.stringify([q, filter, search]);
  let users = s.userSelections.get(key);
  if (!users) {
    users = evaluateSelection(s, q, search ?? filter);
    if (s.userSelections.size >= MAX_SELECTIONS) s.userSelections.clear();
    s.userSelections.set(key, users);
  }
  return users;
}

const MAX_SELECTIONS = 100;

function evaluateSelection(s: EmulatorState, q: string | undefined, expression: string | undefined): OktaUserData[] {
  let users = expression ? s.data.users : s.data.users.filter((u) => u.status !== 'DEPROVISIONED');
  if (expression) {
    const test = parseFilter(expression);
    users = users.filter((u) => test(objectGetter(s.render.user(u))));
  }
  if (q) {
    const p = q.toLowerCase();
    const starts = (v: string) => v.toLowerCase().startsWith(p);
    users = users.filter((u) => starts(u.profile.firstName) || starts(u.profile.lastName) || starts(u.profile.email));
  }
  return users;
}

/** Users (the people source), a user's admin roles, and a user's OAuth clients and grants. */
export function registerUserRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/api/v1/users', async (request, reply) => {
    let users: OktaUserData[];
    try {
      users = selectUsers(s, request);
    } catch (error) {
      return badFilter(reply, (error as Error).message);
    }
    return cursorPage(s, request, reply, users, (u) => u.id, { fallback: 200, max: 200 }).map((u) => s.render.user(u));
  });
  app.get('/api/v1/users/:userId', async (request, reply) => {
    const u = userOf(s, params(request).userId);
    return u ? s.render.user(u) : notFound(reply, params(request).userId, 'User');
  });
  app.get('/api/v1/users/:userId/roles', async (request, reply) => {
    const u = userOf(s, params(request).userId);
    if (!u) return notFound(reply, params(request).userId, 'User');
    return u.roles.map((r) => s.render.role(r, { kind: 'USER', id: u.id }));
  });
  // End-user consents: the emulated org has none, so these are empty lists for a known user.
  for (const path of [
    '/api/v1/users/:userId/grants',
    '/api/v1/users/:userId/clients',
    '/api/v1/users/:userId/clients/:clientId/grants',
    '/api/v1/users/:userId/clients/:clientId/tokens',
  ])
    app.get(path, async (request, reply) => {
      if (!userOf(s, params(request).userId)) return notFound(reply, params(request).userId, 'User');
      setLinks(s, request, reply, null);
      return [];
    });
}
