import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { generateEstate } from '../emulation/estate/index.js';
import { type EmulatedEstate, startEmulatedEstate } from '../emulation/start.js';
import { appTenantOptions } from '../platforms/github/emulator/index.js';
import { runCli } from '../testing/cli.js';

/**
 * Issue 12 item 6, "nothing secret on disk, ever": the demo's estate on every emulator, scanned twice with
 * `--keep-raw` into one SQLite store — once as the demo scans (static tokens, AWS keys), once through the flows that
 * make the emulators mint secrets (GitHub App JWT → installation tokens, Entra client secret → access token). Then
 * every byte under the temporary folder (kept pages, the store, its -wal/-shm, anything else written there) is
 * searched for every secret the emulators issued or accept and every secret value planted in the estate.
 */
// The demo's defaults (size 600, seed 7).
const estate = await generateEstate({ size: 600, seed: 7, now: new Date().toISOString() });

/** Emulator env variables that carry secrets (the rest are ids: App id, installation id, client id). */
const SECRET_ENV = /TOKEN|SECRET|KEY|PASSWORD/;
/** Estate field names whose string values are secret values (vendors list most of them as null or a mask). */
const SECRET_FIELDS = /^(secretText|secretAccessKey|privateKey|private_key|token|secret|clientSecret|password)$/i;
const MASK = /^\*+$/;

/** The ways a secret can be written: as is, JSON-escaped, URL-encoded; a PEM also line by line (JSON escapes "\n"). */
function writtenForms(secret: string): string[] {
  const lines = secret.includes('-----BEGIN') ? secret.split('\n').filter((l) => l.length >= 40) : [];
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), ...lines])];
}

/** Secret values planted in the estate: secret-named string fields, and credentials inside URLs. */
function estateSecrets(value: unknown, key = '', out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (SECRET_FIELDS.test(key) && !MASK.test(value) && value.length >= 8) out.add(value);
    for (const s of urlSecrets(value)) out.add(s);
  } else if (Array.isArray(value)) for (const v of value) estateSecrets(v, key, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) estateSecrets(v, k, out);
  return out;
}

/** A URL's userinfo password, secret-named query values and a Slack-style webhook key (/services/T…/B…/KEY). */
function urlSecrets(text: string): string[] {
  if (!/^https?:\/\//.test(text)) return [];
  const url = new URL(text);
  const found = [url.password];
  for (const [k, v] of url.searchParams) if (/token|secret|key|sig|password|code/i.test(k)) found.push(v);
  const slack = /\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/([A-Za-z0-9]+)/.exec(url.pathname);
  if (slack) found.push(slack[1]);
  return found.filter((s) => s.length >= 8);
}

/** Token shapes nothing on disk may hold, whoever minted them. */
const SHAPES: RegExp[] = [
  /gh[pousr]_[A-Za-z0-9]{36}/,
  /github_pat_[A-Za-z0-9_]{22,}/,
  /xox[abposr]-[A-Za-z0-9-]{10,}/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}/,
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Installation tokens the GitHub emulator mints, read from its answers to the App's token requests (GitHub's client
 * fetches through httpFetch). */
const minted = vi.hoisted((): string[] => []);
vi.mock('./http-fetch.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./http-fetch.js')>();
  const httpFetch: typeof real.httpFetch = async (input, init) => {
    const response = await real.httpFetch(input, init);
    if (/\/app\/installations\/\d+\/access_tokens$/.test(new URL(String(input)).pathname) && response.ok)
      minted.push((JSON.parse(await response.text()) as { token: string }).token);
    return response;
  };
  return { ...real, httpFetch };
});

describe('nothing secret on disk after a full demo scan with --keep-raw', () => {
  let emulated: EmulatedEstate;
  let dir: string;
  const runs: Array<{ code: number; stderr: string }> = [];

  /** The demo's tenants, then the same tenants through the credential flows that mint secrets. */
  function configs(store: string): Array<Record<string, unknown>> {
    const github = emulated.started.find((s) => s.tenants.some((t) => t.platform === 'github'));
    const minting = emulated.tenants.map((t) => {
      if (t.platform === 'github' && github) return { ...t, options: appTenantOptions(github) };
      if (t.platform !== 'entra') return t;
      const { token: _token, ...options } = t.options;
      const clientSecret = { env: 'STEWARD_EMU_ENTRA_CLIENT_SECRET' };
      return { ...t, options: { ...options, clientId: emulated.env.STEWARD_EMU_ENTRA_CLIENT_ID, clientSecret } };
    });
    return [
      { store, tenants: emulated.tenants },
      { store, tenants: minting },
    ];
  }

  beforeAll(async () => {
    emulated = await startEmulatedEstate(estate);
    for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
    dir = mkdtempSync(join(tmpdir(), 'steward-secrets-'));
    const store = join(dir, 'steward.db');
    for (const [i, config] of configs(store).entries()) {
      const file = join(dir, `steward-${i}.yaml`);
      writeFileSync(file, stringify(config));
      runs.push(await runCli(['--config', file, 'scan', '--keep-raw', join(dir, 'raw'), '--format', 'json']));
    }
  }, 300_000);

  afterAll(async () => {
    await emulated?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('both scans succeed, keep raw pages of every platform and write the store', () => {
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const platforms = readdirSync(join(dir, 'raw')).sort();
    expect(platforms).toEqual([...new Set(emulated.tenants.map((t) => t.platform))].sort());
    expect(filesUnder(join(dir, 'raw')).length).toBeGreaterThan(platforms.length * 2);
    expect(existsSync(join(dir, 'steward.db'))).toBe(true);
    // The App flow really ran: the GitHub emulator minted installation tokens for it.
    expect(minted.length).toBeGreaterThan(0);
  });

  it('no file holds a secret the emulators issued or accept, or one planted in the estate', () => {
    const issued = Object.entries(emulated.env)
      .filter(([name]) => SECRET_ENV.test(name))
      .map(([, value]) => value);
    const secrets = [...issued, ...minted, ...estateSecrets(estate.platforms)];
    // Not vacuous: every emulator hands out at least one secret, and there are pages to search.
    expect(issued.length).toBeGreaterThanOrEqual(emulated.started.length);
    expect(filesUnder(join(dir, 'raw')).length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const file of filesUnder(dir)) {
      // latin1 keeps every byte, so SQLite pages are searched as written.
      const bytes = readFileSync(file).toString('latin1');
      for (const secret of secrets)
        for (const form of writtenForms(secret))
          if (bytes.includes(Buffer.from(form, 'utf8').toString('latin1')))
            leaks.push(`${file.slice(dir.length)}: ${secret.slice(0, 6)}…`);
      for (const shape of SHAPES) if (shape.test(bytes)) leaks.push(`${file.slice(dir.length)}: ${shape.source}`);
    }
    expect(leaks).toEqual([]);
  });
});
