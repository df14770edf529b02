import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../../emulation/estate/org.js';
import { Random } from '../../../emulation/estate/random.js';
import { oktaGenerator } from '../estate/generate.js';
import type { OktaEstateData } from '../estate/types.js';
import { startOktaEmulator } from './index.js';

/**
 * Conformance of the emulator with Okta's own OpenAPI description (../shared/corpora/okta-management-openapi):
 * ../shared/tools/openapi-conformance.mjs calls every GET operation of the spec against the emulator and checks each
 * body against the response schema. Okta's own examples pass 26 of 34; the emulator must pass every operation it
 * is given parameters for (two runs: an OIDC service app, then a SAML app for the signing-key operations).
 * Skipped when ../shared is not next to the repository (the corpus is not part of it).
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const shared = [process.env.STEWARD_SHARED, join(repoRoot, '..', 'shared'), '/work/shared'].find(
  (d) => d && existsSync(join(d, 'tools', 'openapi-conformance.mjs')),
);
const spec = shared && join(shared, 'corpora', 'okta-management-openapi', 'management.nhi-subset.openapi.json');
const available = !!spec && existsSync(spec);

interface Run {
  passed: number;
  failed: number;
  skipped: number;
  output: string;
}

async function conformance(base: string, token: string, args: string[]): Promise<Run> {
  const tool = join(shared!, 'tools', 'openapi-conformance.mjs');
  const argv = [tool, '--spec', spec!, '--base', base, '--header', `Authorization: SSWS ${token}`, ...args];
  const output = await promisify(execFile)(process.execPath, argv, { maxBuffer: 1 << 22 }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  const m = /(\d+) passed, (\d+) failed, (\d+) skipped/.exec(output);
  if (!m) throw new Error(`no summary from openapi-conformance:\n${output}`);
  return { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3]), output };
}

const param = (entries: Record<string, string | undefined>) =>
  Object.entries(entries).flatMap(([k, v]) => (v ? ['--param', `${k}=${v}`] : []));

describe.skipIf(!available)('Okta emulator conformance with the Management API OpenAPI description', () => {
  const now = new Date('2026-11-01T00:00:00Z');
  const data = oktaGenerator.generate({
    org: generateOrg(new Random(5), 20, now),
    rng: new Random(77),
    count: 120,
    now,
    earlier: {},
  }).data as OktaEstateData;
  let started: Awaited<ReturnType<typeof startOktaEmulator>>;
  beforeAll(async () => {
    started = await startOktaEmulator(data);
  });
  afterAll(async () => {
    await started?.emulator.close();
  });

  it('serves every GET operation it is given parameters for with a body the spec accepts (≥ 26 of 34)', async () => {
    // The planted admin-role service app: JWKs, a deactivated legacy secret, grants and a client role.
    const app = data.apps[1];
    const saml = data.apps.find((a) => a.keys.length > 0)!;
    const main = await conformance(
      started.emulator.url,
      started.token,
      param({
        appId: app.id,
        clientId: app.id,
        secretId: app.secrets[0]?.id,
        keyId: app.jwks[0]?.id,
        grantId: app.grants[0]?.id,
        roleAssignmentId: app.roles[0]?.id,
        userId: data.users[0].id,
        apiTokenId: data.apiTokens[0].id,
        apiServiceId: data.apiServices[0].id,
        authServerId: 'default',
      }),
    );
    const keys = await conformance(started.emulator.url, started.token, [
      '--only',
      'listApplicationKeys,getApplicationKey',
      ...param({ appId: saml.id, keyId: saml.keys[0].kid }),
    ]);
    const output = `${main.output}\n${keys.output}`;
    // getApplicationKey fails in the first run (a JWK id is not a signing-key id) and passes in the second.
    expect(
      main.output.split('\n').filter((l) => l.startsWith('FAIL')),
      output,
    ).toEqual(['FAIL getApplicationKey  /api/v1/apps/{appId}/credentials/keys/{keyId}']);
    expect(keys.failed, output).toBe(0);
    expect(keys.passed).toBe(2);
    const passed = main.passed + 1;
    console.info(`[okta conformance] ${passed} of ${main.passed + main.failed + main.skipped} GET operations pass`);
    expect(passed).toBeGreaterThanOrEqual(26);
  });

  it('refuses a request without the SSWS token with Okta 401 E0000011 (the tool sees it as a failure)', async () => {
    const run = await conformance(started.emulator.url, 'not-the-token', ['--only', 'listApiTokens']);
    expect(run.failed).toBe(1);
    expect(run.output).toContain('E0000011');
  });
});
