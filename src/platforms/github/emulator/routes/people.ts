import type { FastifyInstance } from 'fastify';
import type { GhCredentialAuthorizationData } from '../../estate/types.js';
import { sshPublicKey } from '../derived.js';
import { guard, notFound, orgOk, paged } from '../http.js';
import type { EmulatorState } from '../state.js';

/** The SSH keys GitHub knows of a login: its SSH-key credential authorizations (GHEC SSO) in the estate. */
const sshKeysOf = (s: EmulatorState, login: string): GhCredentialAuthorizationData[] =>
  s.data.credentialAuthorizations.filter(
    (c) => c.credential_type === 'SSH key' && c.login.toLowerCase() === login.toLowerCase(),
  );

/**
 * People and their keys: GET /orgs/{org}/outside_collaborators (the estate grants no outside collaborator: empty),
 * /user/keys (the SSH keys of the org owner the owner token belongs to), /users/{username}/keys (public keys
 * of any login the estate knows, 404 otherwise). The org's audit log is audit-log.ts.
 */
export function registerPeopleRoutes(app: FastifyInstance, s: EmulatorState): void {
  app.get('/orgs/:org/outside_collaborators', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    if (!orgOk(s, request)) return notFound(reply);
    return paged(s, request, reply, [] as unknown[], (u) => u).body;
  });
  app.get('/user/keys', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const owner = s.data.members.find((m) => m.role === 'admin');
    const keys = owner ? sshKeysOf(s, owner.login) : [];
    return paged(s, request, reply, keys, (c) => ({
      key: sshPublicKey(c.authorized_credential_id),
      id: c.authorized_credential_id,
      url: `${s.base}/user/keys/${c.authorized_credential_id}`,
      title: c.authorized_credential_title ?? `key-${c.authorized_credential_id}`,
      created_at: c.credential_authorized_at,
      verified: true,
      read_only: false,
      last_used: c.credential_accessed_at,
    })).body;
  });
  app.get('/users/:username/keys', async (request, reply) => {
    if (!guard(s, request, reply)) return reply;
    const login = (request.params as { username: string }).username.toLowerCase();
    const known =
      s.data.members.some((m) => m.login.toLowerCase() === login) ||
      s.data.credentialAuthorizations.some((c) => c.login.toLowerCase() === login);
    if (!known) return notFound(reply);
    return paged(s, request, reply, sshKeysOf(s, login), (c) => ({
      id: c.authorized_credential_id,
      key: sshPublicKey(c.authorized_credential_id),
      created_at: c.credential_authorized_at,
    })).body;
  });
}
