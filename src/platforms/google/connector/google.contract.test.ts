import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { corporaDir } from '../../../testing/corpora.js';
import { startGoogleEmulator } from '../emulator/index.js';
import { googleGenerator } from '../estate/generate.js';
import type { GoogleEstateData } from '../estate/types.js';
import { AUTHORIZE_EVENTS, REMOVE_EVENTS, TOKEN_EVENTS } from '../fixtures/activities.js';
import { TOKENS } from '../fixtures/tokens.js';
import { USERS } from '../fixtures/users.js';
import { foldUsage } from './token-activity.js';
import { WORKSPACE_SOURCES } from './sources.js';

/**
 * The Google API discovery documents (../shared/corpora/google-apis-discovery-nhi, read by path) against what the
 * connector declares and the emulator serves: every declared endpoint is a method of the discovery document with
 * that HTTP method; every emulator answer and every hand-written fixture conforms to the method's response schema
 * (each property declared, of the declared type; int64 as a string). Google's schemas mark nothing required, so
 * the check is "nothing undeclared, nothing of the wrong type", plus the fields the transforms read being present.
 */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
}
interface Method {
  path: string;
  flatPath?: string;
  httpMethod: string;
  response?: { $ref: string };
}
interface Discovery {
  servicePath: string;
  schemas: Record<string, Schema>;
  resources: Record<string, { methods?: Record<string, Method> }>;
}

const dir = () => join(corporaDir(), 'google-apis-discovery-nhi');
const load = (file: string): Discovery => JSON.parse(readFileSync(join(dir(), file), 'utf8')) as Discovery;

/** Problems of `value` against `schema` ('' = conforms), with the JSON path of each. */
function problems(doc: Discovery, schema: Schema, value: unknown, path = '$'): string[] {
  const s = schema.$ref ? doc.schemas[schema.$ref] : schema;
  if (!s) return [`${path}: unknown schema ${schema.$ref}`];
  if (value === null || value === undefined) return [];
  switch (s.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${path}: expected string, got ${typeof value}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected boolean, got ${typeof value}`];
    case 'integer':
    case 'number':
      return typeof value === 'number' ? [] : [`${path}: expected ${s.type}, got ${typeof value}`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((v, i) => problems(doc, s.items ?? {}, v, `${path}[${i}]`))
        : [`${path}: expected array`];
    case 'any':
      return [];
    default: {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected object`];
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
        const prop = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : null);
        return prop ? problems(doc, prop, v, `${path}.${k}`) : [`${path}.${k}: not in the schema`];
      });
    }
  }
}

/**
 * The method of a discovery document serving 'METHOD /path' (servicePath + method path; parameters compared as
 * placeholders, and the Reports path's concrete `all` / application name as the parameters they fill).
 */
function methodFor(doc: Discovery, endpoint: string): Method | undefined {
  const [verb, path] = endpoint.split(' ');
  const shape = (p: string) => p.replace(/\{[^}]+\}/g, '{}');
  const wanted = shape(path).replace(/\/users\/all\/applications\/[a-z_]+$/, '/users/{}/applications/{}');
  return Object.values(doc.resources)
    .flatMap((r) => Object.values(r.methods ?? {}))
    .find((m) => m.httpMethod === verb && shape(`/${doc.servicePath}${m.path}`) === wanted);
}

let directory: Discovery;
let reports: Discovery;
let data: GoogleEstateData;
let started: Awaited<ReturnType<typeof startGoogleEmulator>>;

beforeAll(async () => {
  directory = load('admin.directory_v1.nhi-subset.json');
  reports = load('admin.reports_v1.nhi-subset.json');
  const org = generateOrg(new Random(3), 20, new Date('2026-11-01T00:00:00.000Z'));
  data = googleGenerator.generate({
    org,
    rng: new Random(5),
    count: 120,
    now: new Date('2026-11-01T00:00:00.000Z'),
    earlier: {},
  }).data;
  started = await startGoogleEmulator(data);
});
afterAll(async () => started?.emulator.close());

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${started.emulator.url}${path}`, { headers: { authorization: `Bearer ${started.token}` } });
  return { status: res.status, body: await res.json() };
}

describe('Google discovery documents vs the connector and the emulator', () => {
  it('every declared Workspace endpoint is a discovery method with that HTTP method and a response schema', () => {
    for (const source of WORKSPACE_SOURCES)
      for (const endpoint of source.endpoints) {
        const doc = endpoint.includes('/reports/') ? reports : directory;
        expect(methodFor(doc, endpoint)?.response?.$ref, endpoint).toBeTruthy();
      }
  });

  it('users.list, tokens.list, tokens.get and activities.list answers conform to their response schemas', async () => {
    const user = data.users.find((u) => (data.tokens[String(u.id)] ?? []).length > 0)!;
    const token = data.tokens[String(user.id)][0];
    const email = encodeURIComponent(String(user.primaryEmail));
    const calls: Array<[Discovery, string, string]> = [
      [directory, 'Users', '/admin/directory/v1/users?customer=my_customer&maxResults=7'],
      [directory, 'Tokens', `/admin/directory/v1/users/${email}/tokens`],
      [directory, 'Token', `/admin/directory/v1/users/${user.id}/tokens/${encodeURIComponent(String(token.clientId))}`],
      [reports, 'Activities', '/admin/reports/v1/activity/users/all/applications/token?maxResults=5'],
      [
        reports,
        'Activities',
        '/admin/reports/v1/activity/users/all/applications/admin?eventName=AUTHORIZE_API_CLIENT_ACCESS',
      ],
    ];
    for (const [doc, schema, path] of calls) {
      const { status, body } = await get(path);
      expect(status, path).toBe(200);
      expect(problems(doc, { $ref: schema }, body), path).toEqual([]);
    }
    const page = (await get('/admin/directory/v1/users?customer=my_customer&maxResults=7')).body as {
      users: unknown[];
      nextPageToken?: string;
    };
    expect(page.users).toHaveLength(7);
    expect(typeof page.nextPageToken).toBe('string');
  });

  it('errors use the envelope the SDK reads: error.code, message, status, errors[].reason', async () => {
    const { status, body } = await get('/admin/directory/v1/users/nobody%40nowhere.test/tokens');
    expect(status).toBe(404);
    expect(body).toEqual({
      error: {
        code: 404,
        message: 'Resource Not Found: userKey',
        errors: [{ message: 'Resource Not Found: userKey', domain: 'global', reason: 'notFound' }],
        status: 'NOT_FOUND',
      },
    });
  });

  it('the hand-written fixtures conform to the schemas too', () => {
    expect(USERS.flatMap((u, i) => problems(directory, { $ref: 'User' }, u, `users[${i}]`))).toEqual([]);
    expect(
      Object.values(TOKENS)
        .flat()
        .flatMap((t) => problems(directory, { $ref: 'Token' }, t)),
    ).toEqual([]);
    const events = [...TOKEN_EVENTS, ...AUTHORIZE_EVENTS, ...REMOVE_EVENTS];
    expect(events.flatMap((a) => problems(reports, { $ref: 'Activity' }, a))).toEqual([]);
    // The check can fail: an undeclared field and a wrong type are both named.
    const bad = { ...Object.values(TOKENS)[0][0], scopes: 'openid', verified: true };
    expect(problems(directory, { $ref: 'Token' }, bad)).toEqual([
      '$.scopes: expected array',
      '$.verified: not in the schema',
    ]);
  });

  it("a vendor token event (Elastic's google_workspace token sample) folds into the client's use", () => {
    const file = join(corporaDir(), 'elastic-integrations-nhi-samples', 'google_workspace-token', 'test-token.log');
    const raw = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]) as Record<string, unknown>;
    // The sample is one event of an activity (Elastic splits `events`); the API sends it as a one-item array.
    const activity = { ...raw, events: [raw.events] };
    const clientId = '923474483785-sqf6uk8vq1rqe853il0g2h4m98ji2fq6.apps.googleusercontent.com';
    expect(foldUsage({}, [activity as never])[clientId]).toEqual({
      firstUsedAt: '2023-01-01T06:24:42.442Z',
      lastUsedAt: '2023-01-01T06:24:42.442Z',
      clientType: 'WEB',
    });
  });
});
