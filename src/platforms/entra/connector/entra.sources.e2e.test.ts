import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateEstate, type Estate } from '../../../emulation/estate/index.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import type { EndpointFault } from '../../../emulation/kit/faults.js';
import { fixedClock } from '../../../lib/clock.js';
import { silentLogger } from '../../../lib/logger.js';
import type { IdentityInput, PersonInput, SourceOutcome } from '../../../model/index.js';
import type { RecordSink, ScanContext, ScanResult } from '../../../sync/connector.js';
import { redactExcerpt } from '../../../sync/redact.js';
import { type QuarantinedRecord, RunSources } from '../../../sync/source-tracker.js';
import { staleFieldsOf } from '../../../sync/source-outcomes.js';
import type { EntraTenantData } from '../estate/types.js';
import { startEntraEmulator, type StartedEntra } from '../emulator/index.js';
import { credentialSignIns } from '../emulator/routes/reports.js';
import { entraConnector } from './index.js';
import { EntraOptions } from './options.js';

/**
 * The connector's sources against the Graph emulator with persistent endpoint faults, through the engine's own
 * source tracker (src/sync/source-tracker.ts) and stale-field rule (src/sync/source-outcomes.ts). Expected ids come
 * from the estate's labels; expected errors from Graph's documented refusal bodies.
 */

const { sources } = entraConnector;
/** The beta per-credential report is switched off by default: it never fills anything unless asked for. */
const BETA_SOURCE = 'credential-sign-in-activity';
const FILL_SOURCES = sources.filter((s) => s.fills && s.id !== BETA_SOURCE).map((s) => s.id);

interface Scan {
  result: ScanResult | null;
  error: unknown;
  identities: IdentityInput[];
  people: PersonInput[];
  quarantined: QuarantinedRecord[];
  outcomes: Map<string, SourceOutcome>;
  /** Statuses of the fill sources at the moment each identity reached the sink. */
  fillStatusesAtEmit: Set<string>;
  calls: string[];
  retries: string[];
  state: Map<string, string>;
}

/** One scan with a ScanContext as the engine builds it (tracker, stale marking at the sink), in memory. */
async function scan(started: StartedEntra, overrides: Record<string, unknown> = {}, state = new Map<string, string>()) {
  const out: Scan = {
    result: null,
    error: null,
    identities: [],
    people: [],
    quarantined: [],
    outcomes: new Map(),
    fillStatusesAtEmit: new Set(),
    calls: [],
    retries: [],
    state,
  };
  const t = started.tenants[0];
  const options = EntraOptions.parse({ ...t.options, retryDelaySeconds: 0, maxRetries: 1, ...overrides });
  let tracker: RunSources | null = null;
  const sink: RecordSink = {
    identity: async (i) => {
      const pending = tracker ? staleFieldsOf(sources, tracker, i.nativeType) : [];
      for (const id of FILL_SOURCES) out.fillStatusesAtEmit.add(tracker?.status(id) ?? 'none');
      out.identities.push({ ...i, stale: [...(i.stale ?? []), ...pending] });
    },
    person: async (p) => {
      out.people.push(p);
    },
    edge: async () => {},
    remove: async () => {},
  };
  const signal = new AbortController().signal;
  tracker = new RunSources(sources, sink, {
    deadlineMs: 60_000,
    signal,
    log: silentLogger,
    excerpt: (raw) => redactExcerpt(raw, entraConnector.secretFields),
    onQuarantine: async (r) => {
      out.quarantined.push(r);
    },
  });
  const ctx: ScanContext<EntraOptions> = {
    platform: 'entra',
    tenant: t.tenant,
    scope: null,
    options,
    sink,
    sources: tracker,
    metrics: {
      apiCall: (endpoint) => out.calls.push(endpoint ?? ''),
      page: () => {},
      retry: (reason) => out.retries.push(reason ?? ''),
    },
    state: { get: (k) => state.get(k), set: (k, v) => (v === null ? state.delete(k) : state.set(k, v)) },
    keepRaw: () => {},
    log: silentLogger,
    clock: fixedClock(new Date()),
    signal,
  };
  try {
    out.result = await entraConnector.scan(ctx);
  } catch (error) {
    out.error = error;
  }
  for (const o of tracker.list()) out.outcomes.set(o.source, o);
  return out;
}

const AGENT_FIELDS = ['attributes.agentIdentityBlueprintId', 'attributes.sponsorCount', 'ownerClaims'];
const RISK_FIELDS = [
  'attributes.riskDetail',
  'attributes.riskLastUpdatedAt',
  'attributes.riskLevel',
  'attributes.riskState',
];
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id).sort();
const staleOf = (i: IdentityInput, source: string) =>
  (i.stale ?? [])
    .filter((s) => s.source === source)
    .map((s) => s.field)
    .sort();

describe('Entra sources on the Graph emulator with endpoint faults', () => {
  let estate: Estate;
  let data: EntraTenantData;
  let started: StartedEntra;
  let labels: IdentityLabel[];
  const fault = (...endpoints: Array<Partial<EndpointFault> & Pick<EndpointFault, 'endpoint' | 'fault'>>) =>
    started.emulator.faults.set({ endpoints: endpoints as EndpointFault[] });

  beforeAll(async () => {
    estate = await generateEstate({ seed: 41, size: 120, platforms: ['entra'] });
    data = estate.platforms.entra as EntraTenantData;
    labels = estate.labels.identities.filter((l) => l.platform === 'entra');
    started = await startEntraEmulator(data);
    Object.assign(process.env, started.env);
  });
  afterAll(async () => {
    await started?.emulator.close();
  });
  beforeEach(() => started.emulator.faults.reset());

  it('reads every source whole on a clean tenant, each fill source before any identity it fills', async () => {
    const s = await scan(started);
    expect(s.error).toBeNull();
    expect(s.result).toEqual({ mode: 'full' });
    for (const spec of sources)
      expect(s.outcomes.get(spec.id)?.status, spec.id).toBe(spec.id === BETA_SOURCE ? 'not-run' : 'complete');
    // Owners came expanded on the listings; only the objects the estate gave 20 owners or more (a person and
    // service principals) were asked one by one.
    const capped = Object.values(data.owners).filter((o) => o.length >= 20).length;
    expect(capped).toBeGreaterThan(0);
    expect(s.calls.filter((c) => c.endsWith('/owners'))).toHaveLength(capped);
    expect(s.outcomes.get(BETA_SOURCE)?.problem?.message).toBe(
      'switched off: option beta.credentialSignInActivity is off (a beta endpoint)',
    );
    expect(ids(s.identities)).toEqual(ids(labels));
    expect(s.people.length).toBe(data.users.length);
    expect(s.identities.filter((i) => (i.stale ?? []).length > 0)).toEqual([]);
    expect([...s.fillStatusesAtEmit]).toEqual(['complete']);
    for (const key of ['delta:users', 'delta:applications', 'delta:servicePrincipals', 'lastFullScanAt'])
      expect(s.state.has(key), key).toBe(true);
  });

  it('403 on users: people skipped with the permission to grant; every identity still stored; next scan full', async () => {
    fault({ endpoint: 'GET /users/delta', fault: '403' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    expect(s.result?.mode).toBe('full');
    expect(s.outcomes.get('users')).toMatchObject({
      status: 'skipped',
      problem: {
        endpoint: 'GET /users/delta',
        kind: 'http',
        httpStatus: 403,
        vendorCode: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
        permission: 'User.Read.All',
      },
    });
    expect(s.people).toEqual([]);
    expect(ids(s.identities)).toEqual(ids(labels));
    // A consent claim needs the consenting user's address: unknown now, so the stored claim is kept.
    const byConsent = labels.filter((l) => l.owner?.source === 'consenting_user');
    for (const l of byConsent) {
      const identity = s.identities.find((i) => i.id === l.id) as IdentityInput;
      expect(staleOf(identity, 'users'), l.id).toEqual(['ownerClaims']);
    }
    expect(s.state.has('delta:users')).toBe(false);
    expect(s.state.has('lastFullScanAt')).toBe(false);
  });

  it('403 on grants: delegated permissions and consent claims are kept from the store, the tenant is scanned', async () => {
    fault({ endpoint: 'GET /oauth2PermissionGrants/delta', fault: '403' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    expect(s.outcomes.get('oauth2-permission-grants')).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, permission: 'Directory.Read.All', endpoint: 'GET /oauth2PermissionGrants/delta' },
    });
    expect(ids(s.identities)).toEqual(ids(labels));
    for (const i of s.identities)
      expect(staleOf(i, 'oauth2-permission-grants')).toEqual([
        'attributes.consentingUserCount',
        'ownerClaims',
        'permissions',
      ]);
    expect(s.outcomes.get('service-principals')?.status).toBe('complete');
  });

  it('403 on the sign-in report: last use unknown (stale), never a null that reads as "never used"', async () => {
    fault({ endpoint: 'GET /reports/servicePrincipalSignInActivities', fault: '403' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    expect(s.outcomes.get('sign-in-activity')).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, vendorCode: 'Authorization_RequestDenied' },
    });
    expect(s.outcomes.get('sign-in-activity')?.problem?.permission).toMatch(/AuditLog\.Read\.All/);
    expect(ids(s.identities)).toEqual(ids(labels));
    for (const i of s.identities) {
      expect(i.lastUsedSource).toBeNull();
      expect(staleOf(i, 'sign-in-activity')).toEqual([
        'attributes.lastUsedAsResourceAt',
        'attributes.signInActivity',
        'lastUsedAt',
      ]);
    }
    // Read first: identities met a settled (skipped) source, not one still to be read.
    expect(s.fillStatusesAtEmit.has('not-run')).toBe(false);
    // No delta for sign-ins: its refusal does not stop delta tracking.
    expect(s.state.has('delta:users')).toBe(true);
  });

  it("404 on one service principal's owners: that identity is emitted with its owners stale, the rest whole", async () => {
    const sp = data.servicePrincipals.find((x) => labels.some((l) => l.id.endsWith(`:servicePrincipal:${x.id}`)));
    expect(sp).toBeDefined();
    const id = labels.find((l) => l.id.endsWith(`:servicePrincipal:${sp?.id}`))?.id as string;
    const saved = started.tenant.data.owners[sp?.id as string];
    // 23 owners: the listing's expansion stops at 20, so this principal's owners are asked one by one.
    started.tenant.data.owners[sp?.id as string] = Array.from(
      { length: 23 },
      (_, n) => data.users[n % data.users.length].id,
    );
    fault({ endpoint: 'GET /servicePrincipals/{id}/owners', fault: '404' });
    try {
      const s = await scan(started);
      expect(s.error).toBeNull();
      const owners = s.outcomes.get('owners');
      expect(owners).toMatchObject({ status: 'partial', objectsFailed: 1 });
      expect(owners?.objects[0]).toMatchObject({
        objectId: sp?.id,
        endpoint: 'GET /servicePrincipals/{id}/owners',
        httpStatus: 404,
        vendorCode: 'Request_ResourceNotFound',
      });
      expect(ids(s.identities)).toEqual(ids(labels));
      const hit = s.identities.filter((i) => staleOf(i, 'owners').length > 0);
      expect(hit.map((i) => i.id)).toEqual([id]);
      expect(staleOf(hit[0], 'owners')).toEqual([
        'attributes.explicitOwnerCount',
        'attributes.nonUserOwners',
        'ownerClaims',
      ]);
      expect(s.outcomes.get('service-principals')?.status).toBe('complete');
    } finally {
      started.tenant.data.owners[sp?.id as string] = saved;
    }
  });

  it('a listed service principal without an id is quarantined, not fatal', async () => {
    fault({ endpoint: 'GET /servicePrincipals', fault: 'malformed-item' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    expect(s.result?.mode).toBe('full');
    const q = s.quarantined.filter((r) => r.source === 'service-principals');
    expect(q.length).toBeGreaterThan(0);
    expect(q.every((r) => /servicePrincipal without an id/.test(r.reason))).toBe(true);
    expect(s.outcomes.get('service-principals')).toMatchObject({ status: 'partial', quarantined: q.length });
    // Everything else was stored; a partial list keeps the next scan full.
    expect(s.identities.length).toBeGreaterThanOrEqual(labels.length - q.length);
    expect(s.state.has('delta:servicePrincipals')).toBe(false);
  });

  it('a malformed grant is quarantined and only its client keeps its delegated permissions from the store', async () => {
    fault({ endpoint: 'GET /oauth2PermissionGrants/delta', fault: 'malformed-item' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    const [q] = s.quarantined;
    expect(s.quarantined).toHaveLength(1);
    expect(q).toMatchObject({
      source: 'oauth2-permission-grants',
      reason: 'Entra oauth2PermissionGrant without an id',
    });
    expect(s.outcomes.get('oauth2-permission-grants')).toMatchObject({ status: 'partial', quarantined: 1 });
    // The quarantined grant still names its client: that identity's grant-filled fields are the stored ones.
    const client = /"clientId":"([^"]+)"/.exec(q.excerpt)?.[1];
    expect(client).toBeDefined();
    const hit = s.identities.filter((i) => staleOf(i, 'oauth2-permission-grants').length > 0);
    expect(hit.map((i) => i.attributes?.servicePrincipalId)).toEqual([client]);
    expect(ids(s.identities)).toEqual(ids(labels));
  });

  it('directory roles: service principals carry their roles as permissions; users’ assignments make no identity', async () => {
    const s = await scan(started);
    expect(s.error).toBeNull();
    const spIds = new Set(data.servicePrincipals.map((sp) => sp.id));
    const held = data.roleAssignments.filter((a) => spIds.has(a.principalId));
    expect(held.length).toBeGreaterThan(0);
    expect(data.roleAssignments.some((a) => !spIds.has(a.principalId))).toBe(true);
    const roles = s.identities.flatMap((i) =>
      (i.permissions ?? [])
        .filter((p) => p.attributes?.type === 'DirectoryRole')
        .map((p) => [i.attributes?.servicePrincipalId, p.attributes?.roleDefinitionId, p.attributes?.directoryScopeId]),
    );
    expect(roles.sort()).toEqual(held.map((a) => [a.principalId, a.roleDefinitionId, a.directoryScopeId]).sort());
    const ga = s.identities.flatMap((i) => i.permissions ?? []).find((p) => p.nativeName === 'Global Administrator');
    expect(ga).toMatchObject({
      resource: 'directory',
      access: 'admin',
      pathToAdmin: true,
      source: 'directoryRoleAssignment',
      attributes: { roleTemplateId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/', resolved: true },
    });
  });

  it('403 on role assignments: every identity’s permissions are kept from the store, with the permission to grant', async () => {
    fault({ endpoint: 'GET /roleManagement/directory/roleAssignments', fault: '403' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    expect(s.outcomes.get('directory-role-assignments')).toMatchObject({
      status: 'skipped',
      problem: {
        httpStatus: 403,
        permission: 'RoleManagement.Read.Directory',
        endpoint: 'GET /roleManagement/directory/roleAssignments',
      },
    });
    expect(ids(s.identities)).toEqual(ids(labels));
    for (const i of s.identities) expect(staleOf(i, 'directory-role-assignments')).toEqual(['permissions']);
  });

  it('types Entra Agent ID objects and makes each agent identity’s sponsors its owners', async () => {
    const s = await scan(started);
    expect(s.outcomes.get('agent-identities')?.status).toBe('complete');
    const agents = data.servicePrincipals.filter((sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity');
    expect(agents.length).toBeGreaterThan(2);
    const emitted = s.identities.filter((i) => i.nativeType === 'agentIdentity');
    expect(ids(emitted)).toEqual(
      ids(agents.map((a) => ({ id: `entra:${data.tenantDomain}:servicePrincipal:${a.id}` }))),
    );
    for (const agent of agents) {
      const i = emitted.find((x) => x.attributes?.servicePrincipalId === agent.id) as IdentityInput;
      const sponsors = data.sponsors?.[agent.id] ?? [];
      expect(i.attributes).toMatchObject({
        sponsorCount: sponsors.length,
        agentIdentityBlueprintId: agent.agentIdentityBlueprintId,
        servicePrincipalType: 'ServiceIdentity',
      });
      const upn = (id: string) => data.users.find((u) => u.id === id)?.mail?.toLowerCase();
      expect((i.ownerClaims ?? []).map((c) => c.ref)).toEqual(sponsors.map(upn));
    }
    const blueprints = data.applications.filter((a) => a['@odata.type'] === '#microsoft.graph.agentIdentityBlueprint');
    expect(
      s.identities
        .filter((i) => i.nativeType === 'agentIdentityBlueprint')
        .map((i) => i.name)
        .sort(),
    ).toEqual(blueprints.map((b) => b.displayName).sort());
  });

  it('403 on agent identities: their sponsors and blueprint are kept from the store, with the permission to grant', async () => {
    fault({ endpoint: 'GET /servicePrincipals/microsoft.graph.agentIdentity', fault: '403' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    expect(s.outcomes.get('agent-identities')).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, permission: 'AgentIdentity.Read.All' },
    });
    expect(ids(s.identities)).toEqual(ids(labels));
    for (const i of s.identities) {
      const expected = i.nativeType === 'agentIdentity' ? AGENT_FIELDS : [];
      expect(staleOf(i, 'agent-identities'), i.name).toEqual(expected);
      if (i.nativeType === 'agentIdentity') expect(i.attributes?.sponsorCount).toBeNull();
    }
  });

  it('fills each service principal’s Identity Protection rating; 403 (no Workload ID Premium) keeps it from the store', async () => {
    const rated = data.riskyServicePrincipals ?? [];
    expect(rated.length).toBeGreaterThan(4);
    const clean = await scan(started);
    expect(clean.outcomes.get('risky-service-principals')?.status).toBe('complete');
    const bySp = new Map(clean.identities.map((i) => [i.attributes?.servicePrincipalId, i.attributes]));
    for (const r of rated)
      expect(bySp.get(r.id), r.displayName).toMatchObject({ riskLevel: r.riskLevel, riskState: r.riskState });
    const unrated = clean.identities.filter(
      (i) => i.attributes?.hasServicePrincipal && !rated.some((r) => r.id === i.attributes?.servicePrincipalId),
    );
    expect(unrated.length).toBeGreaterThan(0);
    for (const i of unrated) expect(i.attributes).toMatchObject({ riskLevel: 'none', riskState: 'none' });

    fault({ endpoint: 'GET /identityProtection/riskyServicePrincipals', fault: '403' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    expect(s.outcomes.get('risky-service-principals')).toMatchObject({
      status: 'skipped',
      problem: { httpStatus: 403, endpoint: 'GET /identityProtection/riskyServicePrincipals' },
    });
    expect(ids(s.identities)).toEqual(ids(labels));
    for (const i of s.identities) {
      expect(staleOf(i, 'risky-service-principals')).toEqual(RISK_FIELDS);
      expect(i.attributes).toMatchObject({ riskLevel: null, riskState: null });
    }
  });

  it('beta per-credential sign-ins (opt-in): each secret/certificate the report names gets its last use', async () => {
    const served = credentialSignIns(data);
    expect(served.length).toBeGreaterThan(10);
    const s = await scan(started, { beta: { credentialSignInActivity: true } });
    expect(s.outcomes.get(BETA_SOURCE)?.status).toBe('complete');
    const used = s.identities
      .flatMap((i) => i.credentials ?? [])
      .filter((c) => c.lastUsedAt)
      .map((c) => [c.attributes?.keyId, c.lastUsedAt]);
    expect(used.sort()).toEqual(
      served.map((e) => [e.keyId, new Date(e.signInActivity.lastSignInDateTime as string).toISOString()]).sort(),
    );

    fault({ endpoint: 'GET /reports/appCredentialSignInActivities', fault: '403' });
    const refused = await scan(started, { beta: { credentialSignInActivity: true } });
    expect(refused.outcomes.get(BETA_SOURCE)).toMatchObject({ status: 'skipped', problem: { httpStatus: 403 } });
    for (const i of refused.identities) expect(staleOf(i, BETA_SOURCE)).toEqual(['credentials']);
    expect(refused.state.has('delta:users')).toBe(true);
  });

  it('a malformed role assignment is quarantined and only its principal keeps its permissions from the store', async () => {
    fault({ endpoint: 'GET /roleManagement/directory/roleAssignments', fault: 'malformed-item' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    const [q] = s.quarantined;
    expect(s.quarantined).toHaveLength(1);
    expect(q).toMatchObject({
      source: 'directory-role-assignments',
      reason: 'Entra unifiedRoleAssignment without an id',
    });
    const principal = /"principalId":"([^"]+)"/.exec(q.excerpt)?.[1] as string;
    expect(principal).toBeDefined();
    const hit = s.identities.filter((i) => staleOf(i, 'directory-role-assignments').length > 0);
    const isSp = data.servicePrincipals.some((sp) => sp.id === principal);
    expect(hit.map((i) => i.attributes?.servicePrincipalId)).toEqual(isSp ? [principal] : []);
    expect(ids(s.identities)).toEqual(ids(labels));
  });

  it('a malformed sign-in entry is quarantined and only its app’s last use is kept from the store', async () => {
    fault({ endpoint: 'GET /reports/servicePrincipalSignInActivities', fault: 'malformed-item' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    const [q] = s.quarantined;
    expect(s.quarantined).toHaveLength(1);
    const appId = /"appId":"([^"]+)"/.exec(q.excerpt)?.[1];
    expect(appId).toBeDefined();
    const hit = s.identities.filter((i) => staleOf(i, 'sign-in-activity').length > 0);
    expect(hit.map((i) => i.attributes?.appId)).toEqual([appId]);
    expect(staleOf(hit[0], 'sign-in-activity')).toEqual([
      'attributes.lastUsedAsResourceAt',
      'attributes.signInActivity',
      'lastUsedAt',
    ]);
  });

  it('a required list that keeps failing fails the tenant, naming the call and the status', async () => {
    fault({ endpoint: 'GET /servicePrincipals/delta', fault: '500' });
    const s = await scan(started);
    expect(String(s.error)).toMatch(
      /required source service-principals failed: GET \/servicePrincipals\/delta answered HTTP 500 generalException/,
    );
    expect(s.outcomes.get('service-principals')).toMatchObject({ status: 'failed', problem: { httpStatus: 500 } });
  });

  it('a refused connection is a network error, retried briefly, never waited on like throttling', async () => {
    const began = Date.now();
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const s = await scan(started, { graphBaseUrl: 'https://127.0.0.1:9', retryDelaySeconds: 60, maxRetries: 5 });
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(s.outcomes.get('applications')).toMatchObject({
      status: 'failed',
      problem: { kind: 'network', vendorCode: 'ECONNREFUSED', httpStatus: null, endpoint: 'GET /applications/delta' },
    });
    expect(String(s.error)).toMatch(/network error ECONNREFUSED \(no HTTP answer\)/);
    expect(s.retries.length).toBe(2);
  });

  it('a stalled endpoint times out per request (requestTimeoutMs) and is not retried', async () => {
    fault({ endpoint: 'GET /reports/servicePrincipalSignInActivities', fault: 'slow', delayMs: 5_000 });
    const began = Date.now();
    const s = await scan(started, { requestTimeoutMs: 300 });
    expect(Date.now() - began).toBeLessThan(4_500);
    expect(s.error).toBeNull();
    expect(s.outcomes.get('sign-in-activity')).toMatchObject({
      status: 'failed',
      problem: { kind: 'timeout', endpoint: 'GET /reports/servicePrincipalSignInActivities' },
    });
    expect(s.calls.filter((c) => c.includes('servicePrincipalSignInActivities'))).toHaveLength(1);
    expect(ids(s.identities)).toEqual(ids(labels));
  });

  it('a body that ends mid-JSON is malformed: its source fails and the rest is stored', async () => {
    fault({ endpoint: 'GET /reports/servicePrincipalSignInActivities', fault: 'truncate' });
    const s = await scan(started);
    expect(s.error).toBeNull();
    expect(s.outcomes.get('sign-in-activity')).toMatchObject({
      status: 'failed',
      problem: { kind: 'malformed', endpoint: 'GET /reports/servicePrincipalSignInActivities' },
    });
    expect(ids(s.identities)).toEqual(ids(labels));
  });

  it('a connection dropped mid-body is retried twice, then reported as malformed with the call', async () => {
    // Announces 1000 bytes, sends 20, hangs up: what a proxy or an overloaded front end does.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"value":[{"id":"ab');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const s = await scan(started, { graphBaseUrl: `http://127.0.0.1:${port}`, maxRetries: 5 });
      expect(s.outcomes.get('applications')).toMatchObject({
        status: 'failed',
        problem: { kind: 'malformed', endpoint: 'GET /applications/delta', httpStatus: null },
      });
      expect(s.calls).toHaveLength(3);
      expect(s.retries).toHaveLength(2);
    } finally {
      server.close();
    }
  });
});

describe('Entra delta scans through the sources', () => {
  let data: EntraTenantData;
  let started: StartedEntra;
  let labels: IdentityLabel[];

  beforeAll(async () => {
    const estate = await generateEstate({ seed: 43, size: 60, platforms: ['entra'] });
    data = estate.platforms.entra as EntraTenantData;
    labels = estate.labels.identities.filter((l) => l.platform === 'entra');
    started = await startEntraEmulator(data);
    Object.assign(process.env, started.env);
  });
  afterAll(async () => {
    await started?.emulator.close();
  });

  it('read every source of a delta scan; stored links from another Graph host mean a full scan, not a failure', async () => {
    const state = new Map<string, string>();
    expect((await scan(started, {}, state)).result?.mode).toBe('full');
    const delta = await scan(started, {}, state);
    expect(delta.error).toBeNull();
    expect(delta.result?.mode).toBe('incremental');
    // Nothing changed: the delta rounds were read; no object needed a per-object call or sign-in lookup.
    const statuses = Object.fromEntries(sources.map((spec) => [spec.id, delta.outcomes.get(spec.id)?.status]));
    expect(statuses).toEqual({
      'service-principals': 'complete',
      applications: 'complete',
      users: 'complete',
      'oauth2-permission-grants': 'complete',
      owners: 'not-run',
      'app-role-assignments': 'not-run',
      'federated-identity-credentials': 'not-run',
      'sign-in-activity': 'not-run',
      'directory-role-assignments': 'not-run',
      'agent-identities': 'not-run',
      'risky-service-principals': 'not-run',
      'credential-sign-in-activity': 'not-run',
    });

    // The same links as if stored by a scan of another host (graphBaseUrl changed since).
    const ownOrigin = new URL(started.emulator.url).origin;
    for (const key of ['delta:users', 'delta:applications', 'delta:servicePrincipals', 'delta:oauth2PermissionGrants'])
      state.set(key, (state.get(key) as string).replace(ownOrigin, 'https://graph.microsoft.com'));
    const moved = await scan(started, {}, state);
    expect(moved.error).toBeNull();
    expect(moved.result?.mode).toBe('full');
    expect(ids(moved.identities)).toEqual(ids(labels));
    expect(state.get('delta:users')?.startsWith(ownOrigin)).toBe(true);
  });

  it('a delta scan reads the directory roles of each changed service principal ($filter on principalId)', async () => {
    const state = new Map<string, string>();
    expect((await scan(started, {}, state)).result?.mode).toBe('full');
    const mi = data.servicePrincipals.find(
      (sp) =>
        sp.servicePrincipalType === 'ManagedIdentity' && !data.roleAssignments.some((a) => a.principalId === sp.id),
    ) as EntraTenantData['servicePrincipals'][number];
    expect(started.tenant.addDirectoryRoleAssignment(mi.id, '62e90394-69f5-4237-9190-012177145e10')).not.toBeNull();
    // A role assignment is not a property of the principal: only a change of the principal brings it into a delta.
    expect(started.tenant.setServicePrincipalEnabled(mi.id, true)).toBe(true);
    const s = await scan(started, {}, state);
    expect(s.error).toBeNull();
    expect(s.result?.mode).toBe('incremental');
    expect(s.outcomes.get('directory-role-assignments')?.status).toBe('complete');
    const changed = s.identities.find((i) => i.id.endsWith(`:servicePrincipal:${mi.id}`)) as IdentityInput;
    expect((changed.permissions ?? []).filter((p) => p.attributes?.type === 'DirectoryRole')).toMatchObject([
      { nativeName: 'Global Administrator', attributes: { directoryScopeId: '/' } },
    ]);
    expect(changed.attributes?.managedIdentityType).toMatch(/^(SystemAssigned|UserAssigned)$/);
  });

  it('a delta round names a changed user’s manager by id only: the unchanged manager is asked by id', async () => {
    const state = new Map<string, string>();
    expect((await scan(started, {}, state)).result?.mode).toBe('full');
    const [userId, managerId] = Object.entries(data.managers).find(
      ([u]) => data.users.find((x) => x.id === u)?.accountEnabled,
    ) as [string, string];
    expect(started.tenant.setUserEnabled(userId, false, null)).toBe(true);
    const s = await scan(started, {}, state);
    expect(s.result?.mode).toBe('incremental');
    const manager = data.users.find((u) => u.id === managerId);
    expect(s.people.map((p) => [p.nativeId, p.status, p.managerEmail])).toEqual([
      [userId, 'disabled', (manager?.mail ?? manager?.userPrincipalName)?.toLowerCase()],
    ]);
    // The four delta rounds, then the manager's address (the person did not change, so the round does not list it).
    expect(s.calls).toEqual([
      'GET /v1.0/users/delta',
      'GET /v1.0/applications/delta',
      'GET /v1.0/servicePrincipals/delta',
      'GET /v1.0/oauth2PermissionGrants/delta',
      'GET /v1.0/users/{id}',
    ]);
  });

  it('a delta scan reads the sponsors of each changed agent identity (by its agentIdentity cast)', async () => {
    const state = new Map<string, string>();
    expect((await scan(started, {}, state)).result?.mode).toBe('full');
    const agent = data.servicePrincipals.find(
      (sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity' && (data.sponsors?.[sp.id] ?? []).length > 0,
    ) as EntraTenantData['servicePrincipals'][number];
    expect(started.tenant.setServicePrincipalEnabled(agent.id, false)).toBe(true);
    const s = await scan(started, {}, state);
    expect(s.error).toBeNull();
    expect(s.result?.mode).toBe('incremental');
    expect(s.outcomes.get('agent-identities')?.status).toBe('complete');
    expect(s.identities.map((i) => [i.nativeType, i.enabled, i.attributes?.sponsorCount, i.stale])).toEqual([
      ['agentIdentity', false, 1, []],
    ]);
  });

  it('a refused fill source leaves the changed identity’s field stale, and the next scan full', async () => {
    const state = new Map<string, string>();
    expect((await scan(started, {}, state)).result?.mode).toBe('full');
    const app = data.applications[0];
    expect(started.tenant.addPassword(app.id, 'rotated', new Date(data.now))).not.toBeNull();
    started.emulator.faults.set({
      endpoints: [{ endpoint: 'GET /applications/{id}/federatedIdentityCredentials', fault: '403', delayMs: 0 }],
    });
    try {
      const s = await scan(started, {}, state);
      expect(s.error).toBeNull();
      expect(s.result?.mode).toBe('incremental');
      expect(s.outcomes.get('federated-identity-credentials')).toMatchObject({
        status: 'skipped',
        problem: { endpoint: 'GET /applications/{id}/federatedIdentityCredentials', httpStatus: 403 },
      });
      const changed = s.identities.find((i) => i.id.endsWith(`:application:${app.id}`)) as IdentityInput;
      expect(staleOf(changed, 'federated-identity-credentials')).toEqual(['credentials']);
      expect(state.has('delta:applications')).toBe(false);
    } finally {
      started.emulator.faults.reset();
    }
    expect((await scan(started, {}, state)).result?.mode).toBe('full');
  });
});
