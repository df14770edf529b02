import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { EntraTenantData } from '../estate/types.js';
import { Transport } from '../connector/transport.js';
import { startEntraEmulator, type StartedEntra } from './index.js';

describe('Entra (Graph) emulator wire behaviour', () => {
  let started: StartedEntra;
  let data: EntraTenantData;
  let transport: Transport;
  const call = async (method: string, path: string, opts: { auth?: string | null; body?: unknown } = {}) => {
    const url = path.startsWith('https://') ? path : `${started.emulator.url}${path}`;
    const headers: Record<string, string> = {};
    if (opts.auth !== null) headers.authorization = opts.auth ?? `Bearer ${started.token}`;
    if (opts.body !== undefined)
      headers['content-type'] =
        typeof opts.body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json';
    const res = await transport.send(url, {
      method,
      headers,
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: Graph response bodies are read loosely in wire tests.
    return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : null) as Record<string, any> };
  };

  beforeAll(async () => {
    data = (await generateEstate({ seed: 21, size: 90, platforms: ['entra'] })).platforms.entra as EntraTenantData;
    started = await startEntraEmulator(data);
    transport = new Transport(started.emulator.certificate!);
  });
  afterAll(async () => {
    transport.close();
    await started.emulator.close();
  });

  it('serves HTTPS only, with a certificate the client must be given', async () => {
    expect(started.emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const untrusting = new Transport();
    await expect(
      untrusting.send(`${started.emulator.url}/v1.0/applications`, { method: 'GET', headers: {} }),
    ).rejects.toThrow(/certificate/i);
    untrusting.close();
  });

  it('answers missing or wrong bearer tokens with Graph error bodies', async () => {
    for (const auth of [null, 'Bearer nope']) {
      const r = await call('GET', '/v1.0/applications', { auth });
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('InvalidAuthenticationToken');
      expect(Object.keys(r.json.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
    }
    const missing = await call('GET', '/v1.0/applications/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('Request_ResourceNotFound');
  });

  it('serves directory role assignments and definitions in the unifiedRole shapes, filtered and selected like Graph', async () => {
    const all = await call('GET', '/v1.0/roleManagement/directory/roleAssignments');
    expect(all.status).toBe(200);
    expect(all.json['@odata.context']).toMatch(/\/v1\.0\/\$metadata#roleManagement\/directory\/roleAssignments$/);
    expect(Object.keys(all.json.value[0]).sort()).toEqual(
      ['appScopeId', 'directoryScopeId', 'id', 'principalId', 'resourceScope', 'roleDefinitionId'].sort(),
    );
    const mine = data.roleAssignments.at(-1) as EntraTenantData['roleAssignments'][number];
    const filter = encodeURIComponent(`principalId eq '${mine.principalId}'`);
    const one = await call(
      'GET',
      `/v1.0/roleManagement/directory/roleAssignments?$filter=${filter}&$select=id,roleDefinitionId,directoryScopeId`,
    );
    expect(one.json.value).toEqual(
      data.roleAssignments
        .filter((a) => a.principalId === mine.principalId)
        .map(({ id, roleDefinitionId, directoryScopeId }) => ({ id, roleDefinitionId, directoryScopeId })),
    );
    const defs = await call('GET', '/beta/roleManagement/directory/roleDefinitions?$select=id,displayName,templateId');
    const ga = defs.json.value.find((d: { displayName: string }) => d.displayName === 'Global Administrator');
    expect(ga).toEqual({
      id: '62e90394-69f5-4237-9190-012177145e10',
      displayName: 'Global Administrator',
      templateId: '62e90394-69f5-4237-9190-012177145e10',
    });
    expect((await call('GET', `/v1.0/roleManagement/directory/roleDefinitions/${ga.id}`)).json.isBuiltIn).toBe(true);
    expect((await call('GET', `/v1.0/roleManagement/directory/roleAssignments/${mine.id}`)).json.principalId).toBe(
      mine.principalId,
    );
    expect((await call('GET', '/v1.0/roleManagement/directory/roleAssignments/nope')).status).toBe(404);
  });

  it("refuses a faulted endpoint on both versions with Graph's own 403 and 404 bodies", async () => {
    const sp = data.servicePrincipals[0];
    try {
      started.emulator.faults.set({ endpoints: [{ endpoint: 'GET /servicePrincipals/{id}/owners', fault: '403' }] });
      for (const version of ['v1.0', 'beta']) {
        const r = await call('GET', `/${version}/servicePrincipals/${sp.id}/owners?$select=id`);
        expect(r.status).toBe(403);
        expect(r.json.error.code).toBe('Authorization_RequestDenied');
        expect(r.json.error.message).toBe('Insufficient privileges to complete the operation.');
        expect(Object.keys(r.json.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
        expect(r.headers.get('request-id')).toBe(r.json.error.innerError['request-id']);
      }
      // Other paths of the same collection are not matched by the template.
      expect((await call('GET', `/v1.0/servicePrincipals/${sp.id}`)).status).toBe(200);

      started.emulator.faults.set({ endpoints: [{ endpoint: 'GET /servicePrincipals/{id}/owners', fault: '404' }] });
      const missing = await call('GET', `/v1.0/servicePrincipals/${sp.id}/owners`);
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe('Request_ResourceNotFound');
      expect(missing.json.error.message).toBe(
        `Resource '${sp.id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    } finally {
      started.emulator.faults.reset();
    }
  });

  it('pages with absolute @odata.nextLink + $skiptoken, honours $top ≤ 999 and $select, expands owners', async () => {
    expect((await call('GET', '/v1.0/applications?$top=1000')).status).toBe(400);
    let next: string | undefined = '/v1.0/applications?$top=7&$select=id,displayName&$expand=owners';
    const seen: string[] = [];
    let pages = 0;
    while (next) {
      const r = await call('GET', next);
      expect(r.status).toBe(200);
      pages++;
      for (const a of r.json.value) {
        // Graph names a derived type (an agent identity blueprint) whatever $select asks.
        const derived = data.applications.find((x) => x.id === a.id)?.['@odata.type'];
        expect(Object.keys(a).sort()).toEqual([...(derived ? ['@odata.type'] : []), 'displayName', 'id', 'owners']);
        seen.push(a.id);
      }
      next = r.json['@odata.nextLink'];
      if (next) expect(next).toMatch(new RegExp(`^${started.emulator.url}/v1\\.0/applications\\?\\$skiptoken=`));
    }
    expect(seen.sort()).toEqual(data.applications.map((a) => a.id).sort());
    expect(pages).toBe(Math.ceil(data.applications.length / 7));
    const owned = data.applications.find((a) => data.owners[a.id]?.length)!;
    const one = await call('GET', `/v1.0/applications/${owned.id}?$expand=owners`);
    expect(one.json.owners[0]['@odata.type']).toBe('#microsoft.graph.user');
    expect(one.json.passwordCredentials.every((p: { secretText: unknown }) => p.secretText === null)).toBe(true);
  });

  it('delta: first round lists all and ends with a deltaLink; later rounds return only changes and @removed', async () => {
    let link: string | undefined = '/v1.0/applications/delta?$select=id,displayName';
    let total = 0;
    let deltaLink = '';
    while (link) {
      const r = await call('GET', link);
      total += r.json.value.length;
      link = r.json['@odata.nextLink'];
      if (!link) deltaLink = r.json['@odata.deltaLink'];
    }
    expect(total).toBe(data.applications.length);
    expect(deltaLink).toContain('$deltatoken=');
    const empty = await call('GET', deltaLink);
    expect(empty.json.value).toEqual([]);

    const [a, b] = started.tenant.data.applications;
    const added = await call('POST', `/v1.0/applications/${a.id}/addPassword`, {
      body: { passwordCredential: { displayName: 'new' } },
    });
    expect(added.status).toBe(200);
    expect(typeof added.json.secretText).toBe('string');
    expect(added.json.hint).toBe(added.json.secretText.slice(0, 3));
    expect((await call('DELETE', `/v1.0/applications/${b.id}`)).status).toBe(204);
    const changes = await call('GET', empty.json['@odata.deltaLink']);
    expect(changes.json.value).toEqual([
      { id: a.id, displayName: a.displayName },
      { id: b.id, '@removed': { reason: 'deleted' } },
    ]);
    const sps = await call('GET', '/v1.0/servicePrincipals/delta?$deltatoken=latest');
    expect(sps.json.value).toEqual([]);
    expect(sps.json['@odata.deltaLink']).toContain('$deltatoken=');

    started.tenant.expireDeltaTokens();
    const gone = await call('GET', changes.json['@odata.deltaLink']);
    expect(gone.status).toBe(410);
    expect(gone.json.error.code).toBe('syncStateNotFound');
  });

  it('throttles with 429, Retry-After and a TooManyRequests body; the sign-in report is beta only', async () => {
    started.emulator.faults.set({ throttleEvery: 1, retryAfterSeconds: 7 });
    const r = await call('GET', '/v1.0/users');
    started.emulator.faults.set({});
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.json.error.code).toBe('TooManyRequests');
    expect((await call('GET', '/beta/reports/servicePrincipalSignInActivities?$top=5')).json.value).toHaveLength(5);
    expect((await call('GET', '/v1.0/reports/servicePrincipalSignInActivities')).status).toBe(400);
    const filtered = await call(
      'GET',
      `/beta/reports/servicePrincipalSignInActivities?$filter=${encodeURIComponent(`appId eq '${data.signInActivities[0].appId}'`)}`,
    );
    expect(filtered.json.value.map((x: { appId: string }) => x.appId)).toEqual([data.signInActivities[0].appId]);
  });

  it('issues client-credentials tokens only for the right secret', async () => {
    const form = (secret: string) =>
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: started.clientId,
        client_secret: secret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString();
    const ok = await call('POST', `/${data.tenantId}/oauth2/v2.0/token`, {
      auth: null,
      body: form(started.clientSecret),
    });
    expect(ok.json).toMatchObject({ token_type: 'Bearer', access_token: started.token });
    const bad = await call('POST', `/${data.tenantId}/oauth2/v2.0/token`, { auth: null, body: form('wrong') });
    expect(bad.status).toBe(401);
    expect(bad.json.error).toBe('invalid_client');
  });
});

describe('Entra (Graph) emulator $expand limits', () => {
  let started: StartedEntra;
  let data: EntraTenantData;
  let transport: Transport;
  const get = async (path: string) => {
    const url = path.startsWith('https://') ? path : `${started.emulator.url}${path}`;
    const res = await transport.send(url, { method: 'GET', headers: { authorization: `Bearer ${started.token}` } });
    // biome-ignore lint/suspicious/noExplicitAny: Graph response bodies are read loosely in wire tests.
    return { status: res.status, json: JSON.parse(await res.text()) as Record<string, any> };
  };
  const listAll = async (path: string) => {
    // biome-ignore lint/suspicious/noExplicitAny: Graph response bodies are read loosely in wire tests.
    const pages: Array<Array<Record<string, any>>> = [];
    let next: string | undefined = path;
    while (next) {
      const r = await get(next);
      expect(r.status).toBe(200);
      pages.push(r.json.value);
      next = r.json['@odata.nextLink'];
    }
    return pages;
  };

  beforeAll(async () => {
    data = (await generateEstate({ seed: 23, size: 600, platforms: ['entra'] })).platforms.entra as EntraTenantData;
    started = await startEntraEmulator(data);
    transport = new Transport(started.emulator.certificate!);
  });
  afterAll(async () => {
    transport.close();
    await started.emulator.close();
  });

  it('caps expanded collections at 20 items (owners, appRoleAssignments, federatedIdentityCredentials); the relationship lists them all', async () => {
    const t = started.tenant;
    const resource = t.data.servicePrincipals.find((s) => s.appRoles.length > 0)!;
    const sp = t.data.servicePrincipals.find(
      (s) => s.id !== resource.id && s.servicePrincipalType !== 'ManagedIdentity',
    )!;
    for (let i = 0; i < 25; i++)
      expect(
        t.addAppRoleAssignment(
          sp.id,
          resource.id,
          resource.appRoles[i % resource.appRoles.length].id,
          new Date(data.now),
        ),
      ).not.toBeNull();
    const held = t.assignmentsHeldBy(sp.id).length;
    expect(held).toBeGreaterThanOrEqual(25);
    const app = t.data.applications[0];
    t.data.federatedIdentityCredentials[app.id] = Array.from({ length: 21 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `fic-${i}`,
      issuer: 'https://token.actions.githubusercontent.com',
      subject: `repo:acme/r${i}:ref:refs/heads/main`,
      audiences: ['api://AzureADTokenExchange'],
      description: null,
    }));
    expect(t.data.users.length).toBeGreaterThanOrEqual(23);
    t.data.owners[app.id] = t.data.users.slice(0, 23).map((u) => u.id);

    const one = await get(`/v1.0/servicePrincipals/${sp.id}?$select=id&$expand=appRoleAssignments`);
    expect(
      Object.keys(one.json)
        .filter((k) => !k.startsWith('@'))
        .sort(),
    ).toEqual(['appRoleAssignments', 'id']);
    expect(one.json.appRoleAssignments).toHaveLength(20);
    expect(one.json['appRoleAssignments@odata.nextLink']).toBeUndefined();
    expect((await listAll(`/v1.0/servicePrincipals/${sp.id}/appRoleAssignments`)).flat()).toHaveLength(held);

    const listed = (await listAll('/v1.0/servicePrincipals?$select=id&$expand=appRoleAssignments&$top=999')).flat();
    expect(listed.find((s) => s.id === sp.id)!.appRoleAssignments).toHaveLength(20);
    expect(listed.every((s) => Array.isArray(s.appRoleAssignments) && s.appRoleAssignments.length <= 20)).toBe(true);
    const withFew = listed.find((s) => s.id !== sp.id && s.appRoleAssignments.length > 0)!;
    expect(withFew.appRoleAssignments).toEqual(t.assignmentsHeldBy(withFew.id));

    const fics = await get(`/v1.0/applications/${app.id}?$select=id&$expand=federatedIdentityCredentials`);
    expect(fics.json.federatedIdentityCredentials).toHaveLength(20);
    expect((await listAll(`/v1.0/applications/${app.id}/federatedIdentityCredentials`)).flat()).toHaveLength(21);
    const owners = await get(`/v1.0/applications/${app.id}?$select=id&$expand=owners($select=id,mail)`);
    expect(owners.json.owners).toHaveLength(20);
    expect((await listAll(`/v1.0/applications/${app.id}/owners`)).flat()).toHaveLength(23);
  });

  it('serves at most 100 objects a page when a relationship is expanded, whatever $top asks', async () => {
    expect(data.servicePrincipals.length).toBeGreaterThan(100);
    expect(data.applications.length).toBeGreaterThan(100);
    for (const path of [
      '/v1.0/servicePrincipals?$select=id&$expand=appRoleAssignments&$top=999',
      '/v1.0/servicePrincipals?$select=id,appId&$expand=owners($select=id,mail,userPrincipalName)&$top=999',
      '/v1.0/applications?$select=id&$expand=federatedIdentityCredentials&$top=999',
    ]) {
      const pages = await listAll(path);
      const total = path.includes('/applications') ? data.applications.length : data.servicePrincipals.length;
      expect(pages.map((p) => p.length)).toEqual(
        Array.from({ length: Math.ceil(total / 100) }, (_, i) => Math.min(100, total - 100 * i)),
      );
    }
    // Without $expand, $top is honoured up to 999; a smaller $top with $expand stays as asked.
    expect(await listAll('/v1.0/servicePrincipals?$select=id&$top=999')).toHaveLength(
      Math.ceil(data.servicePrincipals.length / 999),
    );
    expect((await get('/v1.0/applications?$select=id&$expand=owners&$top=7')).json.value).toHaveLength(7);
  });

  it('users/delta names each manager by id only (manager@delta), as Graph does; GET /users/{id} expands the object', async () => {
    const [userId, managerId] = Object.entries(data.managers)[0];
    const users: Array<Record<string, unknown>> = [];
    let next: string | undefined = '/v1.0/users/delta?$select=id,mail&$expand=manager';
    while (next) {
      const r = await get(next);
      users.push(...r.json.value);
      next = r.json['@odata.nextLink'];
    }
    const u = users.find((x) => x.id === userId) as Record<string, unknown>;
    expect(u['manager@delta']).toEqual([{ '@odata.type': '#microsoft.graph.user', id: managerId }]);
    expect(u.manager).toBeUndefined();
    expect(users.filter((x) => x['manager@delta']).length).toBe(Object.keys(data.managers).length);
    const byId = await get(`/v1.0/users/${userId}?$select=id&$expand=manager`);
    expect(byId.json.manager).toMatchObject({ id: managerId, mail: expect.any(String) });
  });

  it('serves agent identities by their cast and Identity Protection ratings; a cast that does not apply is 404', async () => {
    const agents = data.servicePrincipals.filter((sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity');
    const list = await get(
      '/v1.0/servicePrincipals/microsoft.graph.agentIdentity?$select=id,agentIdentityBlueprintId&$expand=sponsors',
    );
    expect(list.status).toBe(200);
    expect(list.json.value.map((a: { id: string }) => a.id).sort()).toEqual(agents.map((a) => a.id).sort());
    for (const a of list.json.value)
      expect(a.sponsors.map((s: { id: string }) => s.id)).toEqual(data.sponsors?.[a.id] ?? []);
    const other = data.servicePrincipals.find((sp) => !sp['@odata.type']) as { id: string };
    expect((await get(`/v1.0/servicePrincipals/${other.id}/microsoft.graph.agentIdentity`)).status).toBe(404);
    const risky = await get("/v1.0/identityProtection/riskyServicePrincipals?$filter=riskLevel eq 'high'");
    expect(risky.json.value.length).toBeGreaterThan(0);
    expect(risky.json.value.every((r: { riskLevel: string }) => r.riskLevel === 'high')).toBe(true);
  });

  it('rejects two expanded relationships in one request with Graph 400 BadRequest', async () => {
    const sp = data.servicePrincipals[0];
    for (const path of [
      '/v1.0/servicePrincipals?$expand=owners,appRoleAssignments',
      `/v1.0/servicePrincipals/${sp.id}?$select=id&$expand=owners($select=id,mail),appRoleAssignments`,
      '/v1.0/applications?$expand=owners,federatedIdentityCredentials&$top=999',
      '/v1.0/users/delta?$expand=manager,memberOf',
    ]) {
      const r = await get(path);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('BadRequest');
      expect(r.json.error.message).toBe(
        'The result of parsing $expand contained at least 2 items, but the maximum allowed is 1.',
      );
      expect(Object.keys(r.json.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
    }
  });
});

describe('Entra (Graph) emulator advanced queries ($count, $search, $orderby)', () => {
  let started: StartedEntra;
  let data: EntraTenantData;
  let transport: Transport;
  const get = async (path: string, eventual = false) => {
    const url = path.startsWith('https://') ? path : `${started.emulator.url}${path}`;
    const headers: Record<string, string> = { authorization: `Bearer ${started.token}` };
    if (eventual) headers.ConsistencyLevel = 'eventual';
    const res = await transport.send(url, { method: 'GET', headers });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: Graph response bodies are read loosely in wire tests.
    return { status: res.status, type: res.headers.get('content-type'), text, json: () => JSON.parse(text) as any };
  };
  const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });

  beforeAll(async () => {
    data = (await generateEstate({ seed: 21, size: 90, platforms: ['entra'] })).platforms.entra as EntraTenantData;
    started = await startEntraEmulator(data);
    transport = new Transport(started.emulator.certificate!);
  });
  afterAll(async () => {
    transport.close();
    await started.emulator.close();
  });

  it('$count=true adds @odata.count only with ConsistencyLevel: eventual (Graph ignores it silently without)', async () => {
    const plain = await get('/v1.0/servicePrincipals?$count=true&$top=5');
    expect(plain.status).toBe(200);
    expect(plain.json()).not.toHaveProperty('@odata.count');
    const counted = await get('/v1.0/servicePrincipals?$count=true&$top=5', true);
    expect(counted.json()['@odata.count']).toBe(data.servicePrincipals.length);
    expect(counted.json().value).toHaveLength(5);
  });

  it('the $count segment is refused without the header and answers a plain number with it', async () => {
    const refused = await get('/v1.0/users/$count');
    expect(refused.status).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'Request_BadRequest',
      message: '$count is not currently supported.',
    });
    const counted = await get('/beta/applications/$count', true);
    expect(counted.status).toBe(200);
    expect(counted.type).toMatch(/^text\/plain/);
    expect(counted.text).toBe(String(data.applications.length));
  });

  it('$search needs the header (Request_UnsupportedQuery) and then matches displayName words by prefix', async () => {
    const app = data.applications[0];
    const word = app.displayName.split(/[^A-Za-z0-9]+/).find((w) => w.length > 2)!;
    const term = word.slice(0, 3);
    const query = `/v1.0/applications?$search=${encodeURIComponent(`"displayName:${term}"`)}&$count=true`;
    const refused = await get(query);
    expect(refused.status).toBe(400);
    expect(refused.json().error.code).toBe('Request_UnsupportedQuery');
    expect(refused.json().error.message).toMatch(/special request header: 'ConsistencyLevel: eventual'/);
    const found = await get(query, true);
    expect(found.status).toBe(200);
    const ids: string[] = found.json().value.map((a: { id: string }) => a.id);
    expect(ids).toContain(app.id);
    for (const a of found.json().value) expect(a.displayName.toLowerCase()).toContain(term.toLowerCase());
    expect(found.json()['@odata.count']).toBe(ids.length);
    expect(ids.length).toBeLessThan(data.applications.length);
    const bad = await get(`/v1.0/applications?$search=${encodeURIComponent(term)}`, true);
    expect(bad.status).toBe(400);
  });

  it('$orderby=displayName sorts across pages; with $filter it needs the advanced parameters, like Graph', async () => {
    const names: string[] = [];
    let next: string | undefined = '/v1.0/users?$orderby=displayName%20desc&$select=id,displayName&$top=9';
    while (next) {
      const r = await get(next);
      expect(r.status).toBe(200);
      names.push(...r.json().value.map((u: { displayName: string }) => u.displayName ?? ''));
      next = r.json()['@odata.nextLink'];
    }
    expect(names).toEqual(
      data.users
        .map((u) => u.displayName ?? '')
        .sort(byName)
        .reverse(),
    );
    const sp = data.servicePrincipals[0];
    const filtered = `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${sp.appId}'`)}&$orderby=displayName`;
    const refused = await get(filtered);
    expect(refused.status).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'Request_UnsupportedQuery',
      message: 'Sorting not supported for current query.',
    });
    expect((await get(filtered, true)).status).toBe(400); // the header alone is not enough: $count=true too
    const advanced = await get(`${filtered}&$count=true`, true);
    expect(advanced.json().value.map((x: { id: string }) => x.id)).toEqual(
      data.servicePrincipals.filter((x) => x.appId === sp.appId).map((x) => x.id),
    );
    expect((await get('/v1.0/users?$orderby=createdDateTime')).status).toBe(400);
  });
});
