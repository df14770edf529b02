import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionTarget } from '../../../remediation/action.js';
import { corporaDir } from '../../../testing/corpora.js';
import { SCOPES } from '../connector/client.js';
import { ENDPOINTS } from '../connector/sources.js';
import { googleActions } from './index.js';
import { DELETE_TOKEN } from './oauth-client-revoke.js';
import { KEY_CALLS } from './sa-key-enabled.js';
import { ROTATE_CALLS } from './sa-key-rotate.js';
import { SA_CALLS } from './service-account-enabled.js';

/**
 * The actions' calls against Google's own discovery documents (../shared/corpora/google-apis-discovery-nhi, read by
 * path): each call is a documented method with that HTTP method and flat path, each path a plan shows matches one,
 * and tokens.delete takes the scope the connector already asks for.
 */
interface Method {
  httpMethod: string;
  flatPath?: string;
  path: string;
  scopes?: string[];
}
interface Resource {
  methods?: Record<string, Method>;
  resources?: Record<string, Resource>;
}

const corpora = (() => {
  try {
    return corporaDir();
  } catch {
    return null;
  }
})();
const doc = (file: string): Resource =>
  JSON.parse(readFileSync(join(corpora ?? '.', 'google-apis-discovery-nhi', file), 'utf8')) as Resource;

function methods(r: Resource, out: Method[] = []): Method[] {
  out.push(...Object.values(r.methods ?? {}));
  for (const child of Object.values(r.resources ?? {})) methods(child, out);
  return out;
}

/** `POST /v1/projects/{projectsId}/…:disable` → a regex a filled-in path must match (`{x}` = one segment). */
const pattern = (flat: string) =>
  new RegExp(`^${flat.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);

describe.skipIf(!corpora)('Google actions against the discovery documents', () => {
  const all = [...methods(doc('iam.v1.nhi-subset.json')), ...methods(doc('admin.directory_v1.nhi-subset.json'))];
  const byCall = new Map(all.map((m) => [`${m.httpMethod} /${m.flatPath ?? m.path}`, m]));

  it('every call the actions make is a documented method with that HTTP method and flat path', () => {
    const calls = [
      ...Object.values(SA_CALLS),
      ...Object.values(KEY_CALLS),
      ...Object.values(ROTATE_CALLS),
      DELETE_TOKEN,
      ENDPOINTS.users,
    ];
    for (const call of [...calls, ENDPOINTS.tokens]) expect(byCall.has(call), call).toBe(true);
  });

  it("each path a plan shows matches the documented method it names (Google's {+name} left unencoded)", () => {
    const target: ActionTarget = {
      platform: 'google',
      tenant: 'acme',
      identityId: 'x',
      credentialId: null,
      label: 'x',
      params: {
        name: 'projects/acme-prod/serviceAccounts/ci@acme-prod.iam.gserviceaccount.com',
        clientId: '1234-abc.apps.googleusercontent.com',
        grantedUsers: '3',
      },
    };
    const keyTarget = { ...target, params: { name: `${target.params.name}/keys/0a1b2c` } };
    const rotateTarget = { ...target, params: { account: target.params.name, keyId: '0a1b2c' } };
    const flats = [...byCall.keys()];
    for (const action of googleActions) {
      const chosen =
        action.id === 'google.sa-key.rotate' ? rotateTarget : action.id.includes('sa-key') ? keyTarget : target;
      const { calls } = action.describe(chosen);
      for (const c of calls) {
        const documented = flats.filter(
          (f) => f.startsWith(`${c.method} `) && pattern(f).test(`${c.method} ${c.path}`),
        );
        expect(documented, `${action.id}: ${c.method} ${c.path}`).toHaveLength(1);
      }
    }
  });

  it("tokens.delete takes the scope tokens.list is read with (the connector's delegated scope)", () => {
    expect(byCall.get(DELETE_TOKEN)?.scopes).toEqual([SCOPES.tokens]);
    expect(byCall.get(KEY_CALLS.disable)?.scopes).toContain(SCOPES.cloud);
  });
});
