import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = resolve('bin/steward.js');
const env = { ...process.env, STEWARD_FROM_SOURCE: '1' };

/** `steward serve --workers 2` as a user runs it: requests land on either worker, so every answer must agree. */
describe('steward serve --workers 2 (subprocess)', () => {
  let server: ChildProcess;
  let url: string;
  let admin: string;
  const dir = mkdtempSync(join(tmpdir(), 'steward-serve-workers-'));
  const store = join(dir, 'store.db');
  let stderr = '';

  const call = async (path: string, token: string, init: RequestInit = {}) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    await run('node', [bin, '--store', store, 'migrate'], { env, cwd: dir });
    const created = await run('node', [bin, '--store', store, 'tokens', 'create', '--name', 'a', '--role', 'admin'], {
      env,
      cwd: dir,
    });
    admin = /stw_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0] ?? '';
    server = spawn('node', [bin, '--store', store, 'serve', '--port', '0', '--workers', '2'], { env, cwd: dir });
    server.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    url = await new Promise<string>((found, failed) => {
      let out = '';
      server.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (match) found(match[0]);
      });
      server.once('exit', (code) => failed(new Error(`serve exited with ${code}: ${out}`)));
    });
  }, 120_000);

  afterAll(() => {
    if (server?.exitCode === null) server.kill('SIGINT');
  });

  it('a token revoked through one worker is refused by every worker at once', async () => {
    const minted = JSON.parse(
      (await call('/tokens', admin, { method: 'POST', body: JSON.stringify({ name: 'v', role: 'viewer' }) })).body,
    ) as { id: string; token: string };
    // Several calls, so both workers have verified (and remembered) the token.
    for (let n = 0; n < 6; n++) expect((await call('/me', minted.token)).status).toBe(200);
    expect((await call(`/tokens/${minted.id}`, admin, { method: 'DELETE' })).status).toBe(200);
    for (let n = 0; n < 6; n++) expect((await call('/me', minted.token)).status).toBe(401);
  });

  it('every worker streams a scan the primary runs (this store has no tenants: the scan fails, saying why)', async () => {
    const started = await call('/scans', admin, { method: 'POST', body: '{}' });
    expect(started.status).toBe(202);
    const { scanId } = JSON.parse(started.body) as { scanId: string };
    for (let n = 0; n < 4; n++) {
      const events = await call(`/scans/${scanId}/events`, admin);
      expect(events.status).toBe(200);
      expect(events.body).toContain('event: failed');
      expect(events.body).toContain('no steward.yaml here');
    }
  });

  it('stops on SIGTERM after the requests in flight, even ones whose client hung up: exit 0, nothing on stderr', async () => {
    const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
    const inFlight = Array.from({ length: 20 }, () => call('/identities?limit=5', admin));
    // Clients that hang up mid-request (as a load generator does when its time is up): their handlers still run.
    const hangUp = new AbortController();
    const abandoned = Array.from({ length: 20 }, () =>
      call('/identities?limit=50', admin, { signal: hangUp.signal }).catch(() => null),
    );
    await new Promise((r) => setTimeout(r, 5));
    hangUp.abort();
    server.kill('SIGTERM');
    await Promise.all(abandoned);
    const answers = await Promise.allSettled(inFlight);
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    // A request the workers had accepted is answered in full; one that came too late is refused (503, or the
    // connection is refused), never cut off half-way.
    for (const answer of answers) {
      if (answer.status === 'rejected') continue;
      expect([200, 503]).toContain(answer.value.status);
      expect(() => JSON.parse(answer.value.body)).not.toThrow();
    }
  });
});
