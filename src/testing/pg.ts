import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';

/** Creates a fresh, empty PostgreSQL database on the test server and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const admin = inject('pgAdminUrl');
  if (!admin)
    throw new Error('PostgreSQL test server is not running (test/global-setup.ts did not provide pgAdminUrl)');
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
