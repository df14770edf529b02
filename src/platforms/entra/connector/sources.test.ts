import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import type { EntraTenantData } from '../estate/types.js';
import { startEntraEmulator, type StartedEntra } from '../emulator/index.js';
import { entraFacts } from '../facts.js';
import { entraConnector } from './index.js';
import { Transport } from './transport.js';

const sources = entraConnector.sources;

describe('Entra source declarations', () => {
  it('list every nativeType of the facts, each by a required source', () => {
    for (const nativeType of Object.keys(entraFacts)) {
      const listers = sources.filter((s) => s.lists?.includes(nativeType));
      expect(listers.length, nativeType).toBeGreaterThan(0);
      expect(listers.some((s) => s.required)).toBe(true);
    }
  });

  it('have unique kebab-case ids; only the application and service principal lists are required', () => {
    const ids = sources.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(sources.filter((s) => s.required).map((s) => s.id)).toEqual(['service-principals', 'applications']);
    expect(sources.filter((s) => s.people).map((s) => s.id)).toEqual(['users']);
  });

  it('name Graph application permissions as Microsoft spells them', () => {
    const permission = Object.fromEntries(sources.map((s) => [s.id, s.permission]));
    // Least-privileged application permissions from each API's Graph reference page.
    expect(permission['service-principals']).toBe('Application.Read.All');
    expect(permission.owners).toBe('Application.Read.All');
    expect(permission['oauth2-permission-grants']).toBe('Directory.Read.All');
    expect(permission.users).toBe('User.Read.All');
    expect(permission['sign-in-activity']).toMatch(/^AuditLog\.Read\.All\b.*P1 or P2/);
  });

  it('fill only attributes the facts declare, on nativeTypes the facts declare', () => {
    for (const s of sources) {
      for (const nativeType of s.fills?.nativeTypes ?? []) {
        const facts = entraFacts[nativeType as keyof typeof entraFacts];
        expect(facts, `${s.id} fills ${nativeType}`).toBeDefined();
        for (const field of s.fills?.fields ?? []) {
          if (!field.startsWith('attributes.')) continue;
          expect(Object.keys(facts.identity.shape), `${s.id} fills ${field}`).toContain(
            field.slice('attributes.'.length),
          );
        }
      }
    }
  });

  it('write endpoints as "GET /path" templates without the Graph version segment', () => {
    for (const endpoint of sources.flatMap((s) => s.endpoints))
      expect(endpoint).toMatch(
        /^GET \/(?!v1\.0|beta)[A-Za-z0-9]+(\/([A-Za-z0-9]+|\{id\}|microsoft\.graph\.[A-Za-z]+))*$/,
      );
  });

  it('keep Graph secret-bearing fields off disk', () => {
    expect(entraConnector.secretFields).toEqual(expect.arrayContaining(['secretText', 'key']));
  });
});

describe('Entra emulator serves every declared endpoint', () => {
  let started: StartedEntra;
  let data: EntraTenantData;
  let transport: Transport;

  beforeAll(async () => {
    data = (await generateEstate({ seed: 3, size: 40, platforms: ['entra'] })).platforms.entra as EntraTenantData;
    started = await startEntraEmulator(data);
    transport = new Transport(started.emulator.certificate ?? undefined);
  });
  afterAll(async () => {
    transport.close();
    await started?.emulator.close();
  });

  /** A real object id for a template's {id}: the collection before it says which kind. */
  const idFor = (path: string) =>
    path.includes('/microsoft.graph.agentIdentity')
      ? (data.servicePrincipals.find((sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity')?.id as string)
      : path.startsWith('/applications/')
        ? data.applications[0].id
        : path.startsWith('/users/')
          ? data.users[0].id
          : data.servicePrincipals[0].id;

  it.each(sources.flatMap((s) => s.endpoints.map((e) => [s.id, e])))('%s: %s', async (_source, endpoint) => {
    const path = endpoint.slice('GET '.length);
    const version = path.startsWith('/reports/') ? 'beta' : 'v1.0';
    const url = `${started.emulator.url}/${version}${path.replace('{id}', idFor(path))}`;
    const res = await transport.send(url, { method: 'GET', headers: { authorization: `Bearer ${started.token}` } });
    const body = (await res.json()) as { value?: unknown[]; id?: string };
    expect(res.status, url).toBe(200);
    expect(Array.isArray(body.value) || typeof body.id === 'string').toBe(true);
  });
});
