import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { googleError } from '../http.js';
import type { EmulatorState } from '../state.js';
import { queryActivities } from './cloud-activities.js';
import { type CloudIndex, cloudIndex } from './cloud-index.js';
import { getIamPolicy, searchProjects } from './cloud-projects.js';
import {
  getAccount,
  getKey,
  listKeys,
  listServiceAccounts,
  setAccountDisabled,
  setKeyDisabled,
} from './cloud-service-accounts.js';
import { listPools, listProviders } from './cloud-workload-identity.js';
import { createKey, deleteKey } from './cloud-key-writes.js';

type Handler = (request: FastifyRequest, reply: FastifyReply, ix: CloudIndex, m: RegExpExecArray) => unknown;

/**
 * Google Cloud resource names travel unencoded (`{+name}`): slashes literal, the account's `@` as is, and custom
 * verbs as a `:verb` suffix. Fastify cannot route a `:` inside a segment, so the `/v1/projects/…` and
 * `/v3/projects/…` trees are matched here, by the discovery documents' flat paths.
 */
const GETS: Array<[RegExp, Handler]> = [
  [/^projects\/([^/]+)\/serviceAccounts$/, listServiceAccounts],
  [/^projects\/([^/]+)\/serviceAccounts\/([^/:]+)$/, getAccount],
  [/^projects\/([^/]+)\/serviceAccounts\/([^/]+)\/keys$/, listKeys],
  [/^projects\/([^/]+)\/serviceAccounts\/([^/]+)\/keys\/([^/:]+)$/, getKey],
  [/^projects\/([^/]+)\/locations\/global\/workloadIdentityPools$/, listPools],
  [/^projects\/([^/]+)\/locations\/global\/workloadIdentityPools\/([^/]+)\/providers$/, listProviders],
  [/^projects\/([^/]+)\/locations\/global\/activityTypes\/([^/]+)\/activities:query$/, queryActivities],
];
const POSTS: Array<[RegExp, Handler]> = [
  [/^projects\/([^/]+)\/serviceAccounts\/([^/]+):(disable|enable)$/, setAccountDisabled],
  [/^projects\/([^/]+)\/serviceAccounts\/([^/]+)\/keys\/([^/:]+):(disable|enable)$/, setKeyDisabled],
  [/^projects\/([^/]+)\/serviceAccounts\/([^/:]+)\/keys$/, createKey],
];
const DELETES: Array<[RegExp, Handler]> = [
  [/^projects\/([^/]+)\/serviceAccounts\/([^/]+)\/keys\/([^/:]+)$/, deleteKey],
];

function dispatch(routes: Array<[RegExp, Handler]>, ix: CloudIndex) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const rest = (request.url.split('?')[0] ?? '').replace(/^\/v1\//, '');
    const path = safeDecode(rest);
    for (const [pattern, handler] of routes) {
      const m = pattern.exec(path);
      if (m) return handler(request, reply, ix, m);
    }
    return googleError(reply, 404, 'notFound', `Method not found: ${request.method} ${request.url.split('?')[0]}`);
  };
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The Cloud routes: Resource Manager v3 projects, IAM v1 accounts, keys and workload identity, Policy Analyzer v1. */
export function registerCloudRoutes(app: FastifyInstance, s: EmulatorState): void {
  const ix = cloudIndex(s.data.cloud);
  app.get('/v3/projects::search', (request, reply) => searchProjects(request, reply, ix));
  app.post('/v3/projects/*', (request, reply) => {
    const m = /^\/v3\/projects\/([^/:]+):getIamPolicy$/.exec(request.url.split('?')[0] ?? '');
    if (!m) return googleError(reply, 404, 'notFound', `Method not found: POST ${request.url.split('?')[0]}`);
    return getIamPolicy(request, reply, ix, m);
  });
  app.get('/v1/projects/*', dispatch(GETS, ix));
  app.post('/v1/projects/*', dispatch(POSTS, ix));
  app.delete('/v1/projects/*', dispatch(DELETES, ix));
}
