import { z } from 'zod';
import { offboardReport, loadPeopleIndex } from '../../analysis/ownership/index.js';
import { getSyncRun } from '../../store/index.js';
import { listTokens, mintToken, revokeToken } from './auth.js';
import { writeAudit } from './audit.js';
import { notFound } from './errors.js';
import { DetectionItem, DetectionQuery, listDetectionItems } from './detections.js';
import { FindingQuery, listFindingsPage } from './findings.js';
import { IdentityQuery, listIdentities } from './identities.js';
import { identityDetail } from './identity-detail.js';
import {
  AuditQuery,
  listAudit,
  listOwners,
  listPeoplePage,
  listRuns,
  OwnerQuery,
  PeopleQuery,
  RunQuery,
  rules,
  runOf,
  summary,
} from './reads.js';
import { ROLES, type Route, paged, route } from './route.js';
import { Anything, Finding, IdentityItem, OwnershipItem, Run } from './schemas.js';
import { streamScan } from './sse.js';
import { reviewRoutes } from './reviews.js';
import { reviewCampaignRoutes } from './review-campaigns.js';
import { rotationRoutes } from './rotations.js';
import { applyPlanRoute, approvePlan, createPlan, PlanBody, PlanView, planView } from './remediation.js';
import {
  AcceptBody,
  AssignBody,
  acceptSuggestions,
  assign,
  BulkSuppressBody,
  bulkSuppress,
  SuppressBody,
  suppress,
  UnsuppressBody,
  unassign,
  unsuppress,
} from './writes.js';

const IdParam = z.object({ id: z.string().min(1) });
const must = <T>(value: T | null | undefined, what: string): T => {
  if (value === null || value === undefined) throw notFound(what);
  return value;
};
const principalOf = <T>(p: T | null): T => p as T;

const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** Every route of the API v1 (docs/api.md): the one table the server and /openapi.json are built from. */
export const ROUTES: Route[] = [
  route({
    method: 'GET',
    path: '/healthz',
    access: 'public',
    summary: 'liveness',
    response: z.object({ ok: z.literal(true) }),
    handler: async () => ({ ok: true }),
  }),
  route({
    method: 'GET',
    path: '/me',
    access: 'viewer',
    summary: 'the calling token',
    response: z.object({ tokenId: z.string(), name: z.string(), role: z.enum(ROLES) }),
    handler: async ({ principal }) => principalOf(principal),
  }),
  route({
    method: 'GET',
    path: '/platforms',
    access: 'viewer',
    summary: 'registered platforms',
    response: z.object({
      items: z.array(z.object({ id: z.string(), title: z.string(), nativeTypes: z.array(z.string()) })),
    }),
    handler: async ({ deps }) => ({ items: deps.platforms }),
  }),
  route({
    method: 'GET',
    path: '/summary',
    access: 'viewer',
    summary: 'overview figures (the same as `steward report` and `owners stats`)',
    response: Anything,
    handler: async ({ deps }) => summary(deps),
  }),
  route({
    method: 'GET',
    path: '/identities',
    access: 'viewer',
    summary: 'identities, filtered, sorted and keyset-paged',
    query: IdentityQuery,
    response: paged(IdentityItem),
    handler: async ({ deps, query }) => listIdentities(deps, query),
  }),
  route({
    method: 'GET',
    path: '/identities/:id',
    access: 'viewer',
    summary: 'one identity: credentials, permissions, edges, owner, findings, history',
    params: IdParam,
    response: Anything,
    handler: async ({ deps, params }) => must(await identityDetail(deps, params.id), `identity ${params.id}`),
  }),
  route({
    method: 'GET',
    path: '/findings',
    access: 'viewer',
    summary: 'findings in fix-first order, keyset-paged',
    query: FindingQuery,
    response: paged(Finding),
    handler: async ({ deps, query }) => listFindingsPage(deps, query),
  }),
  route({
    method: 'GET',
    path: '/detections',
    access: 'viewer',
    summary: 'detections from imported activity, newest activity first, each with its first events',
    query: DetectionQuery,
    response: z.object({ items: z.array(DetectionItem) }),
    handler: async ({ deps, query }) => listDetectionItems(deps, query),
  }),
  route({
    method: 'GET',
    path: '/owners',
    access: 'viewer',
    summary: 'ownership of each identity',
    query: OwnerQuery,
    response: paged(OwnershipItem),
    handler: async ({ deps, query }) => listOwners(deps, query),
  }),
  route({
    method: 'GET',
    path: '/people',
    access: 'viewer',
    summary: 'people (every source joined by e-mail) and how many identities each owns',
    query: PeopleQuery,
    response: paged(Anything),
    handler: async ({ deps, query }) => listPeoplePage(deps, query),
  }),
  route({
    method: 'GET',
    path: '/people/:email/offboarding',
    access: 'viewer',
    summary: 'what a leaver owns or is a candidate owner of (`owners offboard`)',
    params: z.object({ email: z.string().min(3) }),
    response: Anything,
    handler: async ({ deps, params }) =>
      offboardReport(deps.store, params.email, await loadPeopleIndex(deps.store, deps.catalogue.peopleSources)),
  }),
  route({
    method: 'GET',
    path: '/runs',
    access: 'viewer',
    summary: 'scan runs with per-source outcomes, newest first',
    query: RunQuery,
    response: paged(Run),
    handler: async ({ deps, query }) => listRuns(deps, query),
  }),
  route({
    method: 'GET',
    path: '/runs/:id',
    access: 'viewer',
    summary: 'one run',
    params: IdParam,
    response: Run,
    handler: async ({ deps, params }) => runOf(must(await getSyncRun(deps.store, params.id), `run ${params.id}`)),
  }),
  route({
    method: 'GET',
    path: '/rules',
    access: 'viewer',
    summary: 'the rule pack',
    response: z.object({ items: z.array(Anything) }),
    handler: async ({ deps }) => rules(deps),
  }),
  route({
    method: 'GET',
    path: '/audit',
    access: 'admin',
    summary: 'the audit log of writes, newest first',
    query: AuditQuery,
    response: paged(Anything),
    handler: async ({ deps, query }) => listAudit(deps, query),
  }),
  ...writeRoutes(),
  ...adminRoutes(),
  ...remediationRoutes(),
  ...reviewRoutes(),
  ...reviewCampaignRoutes(),
  ...rotationRoutes(),
];

/** Plan (analyst), approve (analyst or admin, never the planner), apply (admin): docs/remediation.md. */
function remediationRoutes(): Route[] {
  return [
    route({
      method: 'POST',
      path: '/remediation/plans',
      access: 'analyst',
      summary: 'make a remediation plan (the token is the planner): exact calls, dry-run diff, dependency check',
      body: PlanBody,
      response: PlanView,
      status: 201,
      handler: async ({ deps, body, principal }) => createPlan(deps, principalOf(principal), body),
    }),
    route({
      method: 'GET',
      path: '/remediation/plans/:id',
      access: 'viewer',
      summary: "a remediation plan and each item's state",
      params: IdParam,
      response: PlanView,
      handler: async ({ deps, params }) => planView(deps, params.id),
    }),
    route({
      method: 'POST',
      path: '/remediation/plans/:id/approve',
      access: 'analyst',
      summary: "approve a plan's current content (403 for its planner)",
      params: IdParam,
      response: PlanView,
      handler: async ({ deps, params, principal }) => approvePlan(deps, principalOf(principal), params.id),
    }),
    route({
      method: 'POST',
      path: '/remediation/plans/:id/apply',
      access: 'admin',
      summary: 'apply an approved plan (403 without an approval by someone other than the planner)',
      params: IdParam,
      response: PlanView,
      handler: async ({ deps, params, principal }) => applyPlanRoute(deps, principalOf(principal), params.id),
    }),
  ];
}

function writeRoutes(): Route[] {
  return [
    route({
      method: 'POST',
      path: '/findings/:id/suppress',
      access: 'analyst',
      summary: 'suppress a finding with a reason and an optional expiry',
      params: IdParam,
      body: SuppressBody,
      response: Finding,
      handler: async ({ deps, params, body, principal }) => suppress(deps, principalOf(principal), params.id, body),
    }),
    route({
      method: 'POST',
      path: '/findings/:id/unsuppress',
      access: 'analyst',
      summary: 'lift a suppression (the finding is open again)',
      params: IdParam,
      body: UnsuppressBody,
      response: Finding,
      handler: async ({ deps, params, body, principal }) => unsuppress(deps, principalOf(principal), params.id, body),
    }),
    route({
      method: 'POST',
      path: '/findings/suppress',
      access: 'analyst',
      summary: 'suppress every open finding of a rule (optionally in one platform or tenant)',
      body: BulkSuppressBody,
      response: z.object({ suppressed: z.number().int() }),
      handler: async ({ deps, body, principal }) => bulkSuppress(deps, principalOf(principal), body),
    }),
    route({
      method: 'PUT',
      path: '/identities/:id/owner',
      access: 'analyst',
      summary: 'assign an owner (an e-mail or a team)',
      params: IdParam,
      body: AssignBody,
      response: Anything,
      handler: async ({ deps, params, body, principal }) => assign(deps, principalOf(principal), params.id, body),
    }),
    route({
      method: 'DELETE',
      path: '/identities/:id/owner',
      access: 'analyst',
      summary: 'remove a manual owner assignment',
      params: IdParam,
      response: Anything,
      handler: async ({ deps, params, principal }) => unassign(deps, principalOf(principal), params.id),
    }),
    route({
      method: 'POST',
      path: '/owners/accept-suggestions',
      access: 'analyst',
      summary: 'accept the suggested owner of each listed identity',
      body: AcceptBody,
      response: z.object({ accepted: z.number().int() }),
      handler: async ({ deps, body, principal }) => acceptSuggestions(deps, principalOf(principal), body),
    }),
  ];
}

function adminRoutes(): Route[] {
  return [
    route({
      method: 'POST',
      path: '/scans',
      access: 'admin',
      summary: 'start a scan in this process (one at a time); follow it on /scans/{scanId}/events',
      body: z.object({ platform: z.string().optional(), tenant: z.string().optional() }).default({}),
      response: z.object({ scanId: z.string() }),
      status: 202,
      handler: async ({ deps, body, principal }) => {
        const scanId = await deps.scans.start(body, () => deps.cache.clear());
        const at = deps.clock.now().toISOString();
        await writeAudit(
          deps.store.db,
          principalOf(principal),
          { action: 'scan.start', target: scanId, detail: body },
          at,
        );
        return { scanId };
      },
    }),
    route({
      method: 'GET',
      path: '/scans/:scanId/events',
      access: 'admin',
      summary: 'Server-Sent Events of a scan: progress, source, then finished or failed',
      params: z.object({ scanId: z.string() }),
      response: z.string(),
      stream: true,
      handler: async ({ deps, params, reply }) => streamScan(deps, params.scanId, reply),
    }),
    route({
      method: 'POST',
      path: '/tokens',
      access: 'admin',
      summary: 'create an API token (shown once)',
      body: z.object({ name: z.string().trim().min(1).max(100), role: z.enum(ROLES) }),
      response: z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), token: z.string() }),
      status: 201,
      handler: async ({ deps, body, principal }) => {
        const at = deps.clock.now().toISOString();
        const actor = principalOf(principal);
        const minted = await deps.store.db.transaction().execute(async (trx) => {
          const t = await mintToken(trx, { ...body, createdBy: `${actor.name} (${actor.tokenId})`, now: at });
          await writeAudit(trx, actor, { action: 'token.create', target: t.tokenId, detail: body }, at);
          return t;
        });
        return { id: minted.tokenId, name: minted.name, role: minted.role, token: minted.token };
      },
    }),
    route({
      method: 'GET',
      path: '/tokens',
      access: 'admin',
      summary: 'API tokens (never their hash)',
      response: z.object({ items: z.array(TokenInfo) }),
      handler: async ({ deps }) => ({ items: await listTokens(deps.store.db) }),
    }),
    route({
      method: 'DELETE',
      path: '/tokens/:id',
      access: 'admin',
      summary: 'revoke a token',
      params: IdParam,
      response: z.object({ revoked: z.literal(true) }),
      handler: async ({ deps, params, principal }) => {
        const at = deps.clock.now().toISOString();
        const revoked = await deps.store.db.transaction().execute(async (trx) => {
          const done = await revokeToken(trx, params.id, at);
          if (done)
            await writeAudit(
              trx,
              principalOf(principal),
              { action: 'token.revoke', target: params.id, detail: {} },
              at,
            );
          return done;
        });
        deps.tokens.forget(params.id);
        await deps.announceRevoked?.(params.id);
        if (!revoked) throw notFound(`active token ${params.id}`);
        return { revoked: true as const };
      },
    }),
  ];
}
