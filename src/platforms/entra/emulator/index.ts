import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EntraTenantData, GraphApplication, GraphServicePrincipal, GraphUser } from '../estate/types.js';
import { startEmulator, type FaultInput } from '../../../emulation/kit/index.js';
import type { EmulatorPlugin, StartedPlatform } from '../../../emulation/emulator.js';
import {
  carried,
  decodeToken,
  encodeToken,
  EXPAND_ITEM_CAP,
  ODataError,
  pageSizeOf,
  parseQuery,
  project,
  type ODataQuery,
} from './odata.js';
import { DELTA_COLLECTIONS, EntraTenant, type DeltaCollection } from './tenant.js';

export { EntraTenant } from './tenant.js';

export interface StartedEntra extends StartedPlatform {
  /** The served tenant: tests mutate it (add a secret, delete an app) between scans. */
  tenant: EntraTenant;
  token: string;
  clientId: string;
  clientSecret: string;
}

const VERSIONS = ['v1.0', 'beta'] as const;
const DEFAULT_PAGE = 100;

/** Graph's error body: {error:{code,message,innerError:{date,request-id,client-request-id}}}. */
function graphError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  const requestId = randomUUID();
  const clientRequestId =
    typeof request.headers['client-request-id'] === 'string' ? request.headers['client-request-id'] : requestId;
  return reply
    .code(status)
    .header('request-id', requestId)
    .header('client-request-id', clientRequestId)
    .header('content-type', 'application/json')
    .send({
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId,
        },
      },
    });
}

function userRef(u: GraphUser) {
  return {
    '@odata.type': '#microsoft.graph.user',
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    mail: u.mail,
  };
}

/** Starts the Graph emulator for one tenant over HTTPS and returns the handle tests use to change the tenant. */
export async function startEntraEmulator(
  data: EntraTenantData,
  options: { port?: number; faults?: FaultInput } = {},
): Promise<StartedEntra> {
  const tenant = new EntraTenant(data);
  const token = `emu-entra-${randomBytes(16).toString('hex')}`;
  const clientId = randomUUID();
  const clientSecret = `emu~${randomBytes(18).toString('base64url')}`;
  const now = () => new Date(tenant.data.now);

  const routes = (app: FastifyInstance, baseUrl: () => string) => {
    app.setErrorHandler((error, request, reply) => {
      if (error instanceof ODataError) return graphError(request, reply, error.status, error.code, error.message);
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      return graphError(
        request,
        reply,
        status,
        status >= 500 ? 'generalException' : 'BadRequest',
        (error as Error).message,
      );
    });
    app.setNotFoundHandler((request, reply) =>
      graphError(
        request,
        reply,
        400,
        'BadRequest',
        `Resource not found for the segment '${request.url.split('?')[0].split('/').pop()}'.`,
      ),
    );

    // Bearer auth on every Graph path (the token endpoint is the identity platform, not Graph).
    app.addHook('preHandler', async (request, reply) => {
      if (request.url.includes('/oauth2/v2.0/token')) return;
      const auth = request.headers.authorization;
      if (!auth) return graphError(request, reply, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
      if (auth !== `Bearer ${token}`)
        return graphError(
          request,
          reply,
          401,
          'InvalidAuthenticationToken',
          'Access token validation failure. Invalid audience.',
        );
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (!reply.hasHeader('request-id')) {
        const rid = randomUUID();
        reply
          .header('request-id', rid)
          .header('client-request-id', (request.headers['client-request-id'] as string | undefined) ?? rid);
      }
      return payload;
    });

    // Microsoft identity platform token endpoint (client credentials), so the real-tenant auth path is testable.
    app.post('/:tenant/oauth2/v2.0/token', async (request, reply) => {
      const { tenant: t } = request.params as { tenant: string };
      const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      if (t !== tenant.data.tenantId && t !== tenant.data.tenantDomain) {
        return reply
          .code(400)
          .send({
            error: 'invalid_request',
            error_description: `AADSTS90002: Tenant '${t}' not found.`,
            error_codes: [90002],
          });
      }
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('scope') !== 'https://graph.microsoft.com/.default'
      ) {
        return reply
          .code(400)
          .send({
            error: 'invalid_request',
            error_description:
              'AADSTS900144: The request body must contain grant_type=client_credentials and scope=https://graph.microsoft.com/.default.',
            error_codes: [900144],
          });
      }
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        return reply
          .code(401)
          .send({
            error: 'invalid_client',
            error_description: 'AADSTS7000215: Invalid client secret provided.',
            error_codes: [7000215],
          });
      }
      return reply.send({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    });

    const context = (v: string, what: string) => `${baseUrl()}/${v}/$metadata#${what}`;

    /** Sends one page of a collection with an absolute @odata.nextLink carrying a $skiptoken. */
    type ViewFactory = (q: ODataQuery) => (item: never) => unknown;
    const asIs: ViewFactory = (q) => (o: never) => project(o as object, q.select);
    const sendPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      v: string,
      what: string,
      items: unknown[],
      viewFactory: ViewFactory,
    ) => {
      const raw = request.query as Record<string, unknown>;
      let q = raw;
      let offset = 0;
      if (typeof raw.$skiptoken === 'string') {
        const tok = decodeToken<{ o: number; q: Record<string, string> }>(raw.$skiptoken);
        offset = tok.o;
        q = tok.q;
      }
      const parsed = parseQuery(q);
      const top = pageSizeOf(parsed, DEFAULT_PAGE);
      const filtered = applyFilter(items, parsed);
      const map = viewFactory(parsed);
      const page = filtered.slice(offset, offset + top).map((i) => map(i as never));
      const body: Record<string, unknown> = { '@odata.context': context(v, what), value: page };
      if (offset + top < filtered.length) {
        body['@odata.nextLink'] =
          `${baseUrl()}${request.url.split('?')[0]}?$skiptoken=${encodeToken({ o: offset + top, q: carried(q) })}`;
      }
      return reply
        .header(
          'content-type',
          'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
        )
        .send(body);
    };

    const applyFilter = (items: unknown[], q: ODataQuery) => {
      if (!q.filter) return items;
      const { field, value } = q.filter;
      return items.filter((i) => String((i as Record<string, unknown>)[field]) === value);
    };

    const owners = (objectId: string) =>
      (tenant.data.owners[objectId] ?? [])
        .map((id) => tenant.user(id))
        .filter((u): u is GraphUser => !!u)
        .map(userRef);
    /** An expanded collection: at most 20 items, no nextLink (the caller lists the relationship for the rest). */
    const capped = <T>(items: T[]) => items.slice(0, EXPAND_ITEM_CAP);
    // $select and $expand combine: the selected properties (id always) plus the expanded relationship.
    const viewApp = (q: ODataQuery) => (a: GraphApplication) => {
      const out = project(a, q.select);
      if (q.expand.includes('owners')) out.owners = capped(owners(a.id));
      if (q.expand.includes('federatedIdentityCredentials'))
        out.federatedIdentityCredentials = capped(tenant.data.federatedIdentityCredentials[a.id] ?? []);
      return out;
    };
    const viewSp = (q: ODataQuery) => (s: GraphServicePrincipal) => {
      const out = project(s, q.select);
      if (q.expand.includes('owners')) out.owners = capped(owners(s.id));
      if (q.expand.includes('appRoleAssignments')) out.appRoleAssignments = capped(tenant.assignmentsHeldBy(s.id));
      return out;
    };
    const viewUser = (q: ODataQuery) => (u: GraphUser) => {
      const out = project(
        u,
        q.select ?? [
          'id',
          'displayName',
          'userPrincipalName',
          'mail',
          'jobTitle',
          'businessPhones',
          'givenName',
          'surname',
          'mobilePhone',
          'officeLocation',
          'preferredLanguage',
        ],
      );
      if (q.expand.includes('manager')) {
        const m = tenant.data.managers[u.id] ? tenant.user(tenant.data.managers[u.id]) : undefined;
        if (m) out.manager = userRef(m);
      }
      return out;
    };
    const viewFor = (collection: DeltaCollection, q: ODataQuery): ((o: never) => unknown) => {
      switch (collection) {
        case 'applications':
          return viewApp(q) as (o: never) => unknown;
        case 'servicePrincipals':
          return viewSp(q) as (o: never) => unknown;
        case 'users':
          return viewUser(q) as (o: never) => unknown;
        case 'oauth2PermissionGrants':
          return ((g: object) => project(g, q.select)) as (o: never) => unknown;
      }
    };
    const queryOf = (request: FastifyRequest) => parseQuery(request.query as Record<string, unknown>);
    const notFound = (request: FastifyRequest, reply: FastifyReply, id: string) =>
      graphError(
        request,
        reply,
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );

    /** Delta rounds: nextLinks carry a $skiptoken, the last page a $deltatoken; later rounds return only changes. */
    interface DeltaState {
      since: number;
      upto: number;
      o: number;
      q: Record<string, string>;
      ep: number;
    }
    const delta = (collection: DeltaCollection, v: string) => async (request: FastifyRequest, reply: FastifyReply) => {
      const raw = request.query as Record<string, unknown>;
      const path = `${baseUrl()}/${v}/${collection}/delta`;
      let state: DeltaState;
      if (typeof raw.$skiptoken === 'string') {
        state = decodeToken<DeltaState>(raw.$skiptoken);
      } else if (raw.$deltatoken === 'latest') {
        parseQuery(raw); // the same query validation as a listing (one $expand, $top range)
        const body = {
          '@odata.context': context(v, `${collection}`),
          value: [],
          '@odata.deltaLink': `${path}?$deltatoken=${encodeToken({ since: tenant.currentVersion, q: carried(raw), ep: tenant.epoch })}`,
        };
        return reply.send(body);
      } else if (typeof raw.$deltatoken === 'string') {
        const tok = decodeToken<{ since: number; q: Record<string, string>; ep: number }>(raw.$deltatoken);
        state = { since: tok.since, upto: tenant.currentVersion, o: 0, q: tok.q, ep: tok.ep };
      } else {
        state = { since: -1, upto: tenant.currentVersion, o: 0, q: carried(raw), ep: tenant.epoch };
      }
      if (state.ep !== tenant.epoch)
        return graphError(
          request,
          reply,
          410,
          'syncStateNotFound',
          'The sync state generation is not found. Please restart the sync with an empty token.',
        );
      const q = parseQuery(state.q);
      const top = pageSizeOf(q, DEFAULT_PAGE);
      const entries = tenant.changes(collection, state.since, state.upto);
      const view = viewFor(collection, q);
      const value = entries
        .slice(state.o, state.o + top)
        .map((e) =>
          e.kind === 'removed'
            ? { id: e.id, '@removed': { reason: 'deleted' } }
            : view(tenant.object(collection, e.id) as never),
        );
      const body: Record<string, unknown> = { '@odata.context': context(v, collection), value };
      if (state.o + top < entries.length)
        body['@odata.nextLink'] = `${path}?$skiptoken=${encodeToken({ ...state, o: state.o + top })}`;
      else
        body['@odata.deltaLink'] =
          `${path}?$deltatoken=${encodeToken({ since: state.upto, q: state.q, ep: state.ep })}`;
      return reply.send(body);
    };

    for (const v of VERSIONS) {
      for (const collection of DELTA_COLLECTIONS) app.get(`/${v}/${collection}/delta`, delta(collection, v));

      app.get(`/${v}/users`, async (req, reply) =>
        sendPage(req, reply, v, 'users', tenant.data.users, viewUser as ViewFactory),
      );
      app.get(`/${v}/users/:id`, async (req, reply) => {
        const { id } = req.params as { id: string };
        const u = tenant.user(id);
        return u
          ? reply.send({ '@odata.context': context(v, 'users/$entity'), ...viewUser(queryOf(req))(u) })
          : notFound(req, reply, id);
      });
      app.get(`/${v}/users/:id/manager`, async (req, reply) => {
        const { id } = req.params as { id: string };
        const m = tenant.data.managers[id] ? tenant.user(tenant.data.managers[id]) : undefined;
        return m ? reply.send(userRef(m)) : notFound(req, reply, id);
      });

      app.get(`/${v}/applications`, async (req, reply) =>
        sendPage(req, reply, v, 'applications', tenant.data.applications, viewApp as ViewFactory),
      );
      app.get(`/${v}/applications/:id`, async (req, reply) => {
        const { id } = req.params as { id: string };
        const a = tenant.application(id);
        return a
          ? reply.send({ '@odata.context': context(v, 'applications/$entity'), ...viewApp(queryOf(req))(a) })
          : notFound(req, reply, id);
      });
      app.get(`/${v}/applications/:id/owners`, async (req, reply) => {
        const { id } = req.params as { id: string };
        return tenant.application(id)
          ? sendPage(req, reply, v, 'directoryObjects', owners(id), asIs)
          : notFound(req, reply, id);
      });
      app.get(`/${v}/applications/:id/federatedIdentityCredentials`, async (req, reply) => {
        const { id } = req.params as { id: string };
        return tenant.application(id)
          ? sendPage(
              req,
              reply,
              v,
              `applications('${id}')/federatedIdentityCredentials`,
              tenant.data.federatedIdentityCredentials[id] ?? [],
              asIs,
            )
          : notFound(req, reply, id);
      });
      app.post(`/${v}/applications/:id/addPassword`, async (req, reply) => {
        const { id } = req.params as { id: string };
        const body = (req.body ?? {}) as { passwordCredential?: { displayName?: string; endDateTime?: string } };
        const created = tenant.addPassword(
          id,
          body.passwordCredential?.displayName ?? null,
          now(),
          body.passwordCredential?.endDateTime,
        );
        return created
          ? reply.send({ '@odata.context': context(v, 'microsoft.graph.passwordCredential'), ...created })
          : notFound(req, reply, id);
      });
      app.post(`/${v}/applications/:id/removePassword`, async (req, reply) => {
        const { id } = req.params as { id: string };
        const keyId = ((req.body ?? {}) as { keyId?: string }).keyId ?? '';
        if (!tenant.application(id)) return notFound(req, reply, id);
        return tenant.removePassword(id, keyId)
          ? reply.code(204).send()
          : graphError(req, reply, 400, 'Request_BadRequest', `No password credential found with keyId '${keyId}'.`);
      });
      app.delete(`/${v}/applications/:id`, async (req, reply) => {
        const { id } = req.params as { id: string };
        return tenant.deleteApplication(id) ? reply.code(204).send() : notFound(req, reply, id);
      });

      app.get(`/${v}/servicePrincipals`, async (req, reply) =>
        sendPage(req, reply, v, 'servicePrincipals', tenant.data.servicePrincipals, viewSp as ViewFactory),
      );
      app.get(`/${v}/servicePrincipals/:id`, async (req, reply) => {
        const { id } = req.params as { id: string };
        const s = tenant.servicePrincipal(id);
        return s
          ? reply.send({ '@odata.context': context(v, 'servicePrincipals/$entity'), ...viewSp(queryOf(req))(s) })
          : notFound(req, reply, id);
      });
      app.get(`/${v}/servicePrincipals/:id/owners`, async (req, reply) => {
        const { id } = req.params as { id: string };
        return tenant.servicePrincipal(id)
          ? sendPage(req, reply, v, 'directoryObjects', owners(id), asIs)
          : notFound(req, reply, id);
      });
      app.get(`/${v}/servicePrincipals/:id/appRoleAssignments`, async (req, reply) => {
        const { id } = req.params as { id: string };
        return tenant.servicePrincipal(id)
          ? sendPage(req, reply, v, 'appRoleAssignments', tenant.assignmentsHeldBy(id), asIs)
          : notFound(req, reply, id);
      });
      app.get(`/${v}/servicePrincipals/:id/appRoleAssignedTo`, async (req, reply) => {
        const { id } = req.params as { id: string };
        return tenant.servicePrincipal(id)
          ? sendPage(req, reply, v, 'appRoleAssignments', tenant.assignmentsOn(id), asIs)
          : notFound(req, reply, id);
      });
      app.get(`/${v}/servicePrincipals/:id/oauth2PermissionGrants`, async (req, reply) => {
        const { id } = req.params as { id: string };
        return tenant.servicePrincipal(id)
          ? sendPage(req, reply, v, 'oauth2PermissionGrants', tenant.grantsOfClient(id), asIs)
          : notFound(req, reply, id);
      });
      app.post(`/${v}/servicePrincipals/:id/addPassword`, async (req, reply) => {
        const { id } = req.params as { id: string };
        const body = (req.body ?? {}) as { passwordCredential?: { displayName?: string; endDateTime?: string } };
        const created = tenant.addServicePrincipalPassword(
          id,
          body.passwordCredential?.displayName ?? null,
          now(),
          body.passwordCredential?.endDateTime,
        );
        return created
          ? reply.send({ '@odata.context': context(v, 'microsoft.graph.passwordCredential'), ...created })
          : notFound(req, reply, id);
      });
      app.delete(`/${v}/servicePrincipals/:id`, async (req, reply) => {
        const { id } = req.params as { id: string };
        return tenant.deleteServicePrincipal(id) ? reply.code(204).send() : notFound(req, reply, id);
      });

      app.get(`/${v}/oauth2PermissionGrants`, async (req, reply) =>
        sendPage(req, reply, v, 'oauth2PermissionGrants', tenant.data.oauth2PermissionGrants, asIs),
      );
      app.get(`/${v}/oauth2PermissionGrants/:id`, async (req, reply) => {
        const { id } = req.params as { id: string };
        const g = tenant.grant(id);
        return g
          ? reply.send({ '@odata.context': context(v, 'oauth2PermissionGrants/$entity'), ...g })
          : notFound(req, reply, id);
      });
    }

    // Sign-in activity per service principal is a beta report only.
    app.get('/beta/reports/servicePrincipalSignInActivities', async (req, reply) =>
      sendPage(req, reply, 'beta', 'reports/servicePrincipalSignInActivities', tenant.data.signInActivities, asIs),
    );
    app.get('/v1.0/reports/servicePrincipalSignInActivities', async (req, reply) =>
      graphError(
        req,
        reply,
        400,
        'BadRequest',
        "Resource not found for the segment 'servicePrincipalSignInActivities'.",
      ),
    );
  };

  const emulator = await startEmulator({
    name: 'entra',
    tls: true,
    port: options.port,
    rawBodyTypes: ['application/x-www-form-urlencoded'],
    faults: {
      throttle: (reply, retryAfter) => {
        const rid = randomUUID();
        return reply
          .code(429)
          .header('retry-after', String(retryAfter))
          .header('request-id', rid)
          .header('content-type', 'application/json')
          .send({
            error: {
              code: 'TooManyRequests',
              message: 'Too many requests. Please retry after the time specified in the Retry-After header.',
              innerError: {
                date: new Date().toISOString().replace(/\.\d+Z$/, ''),
                'request-id': rid,
                'client-request-id': rid,
              },
            },
          });
      },
      serverError: (reply) => {
        const rid = randomUUID();
        return reply
          .code(503)
          .header('request-id', rid)
          .header('content-type', 'application/json')
          .send({
            error: {
              code: 'serviceNotAvailable',
              message: 'The service is temporarily unavailable. Please retry.',
              innerError: {
                date: new Date().toISOString().replace(/\.\d+Z$/, ''),
                'request-id': rid,
                'client-request-id': rid,
              },
            },
          });
      },
    },
    routes,
  });
  if (options.faults) emulator.faults.set(options.faults);

  return {
    emulator,
    tenant,
    token,
    clientId,
    clientSecret,
    tenants: [
      {
        platform: 'entra',
        tenant: data.tenantDomain,
        options: {
          tenantId: data.tenantId,
          graphBaseUrl: emulator.url,
          authorityHost: emulator.url,
          token: { env: 'STEWARD_EMU_ENTRA_TOKEN' },
          caCertificate: emulator.certificate,
        },
      },
    ],
    env: {
      STEWARD_EMU_ENTRA_TOKEN: token,
      STEWARD_EMU_ENTRA_CLIENT_ID: clientId,
      STEWARD_EMU_ENTRA_CLIENT_SECRET: clientSecret,
    },
  };
}

export const entraEmulator: EmulatorPlugin<EntraTenantData> = {
  platform: 'entra',
  start: (data, options) => startEntraEmulator(data, options),
};
