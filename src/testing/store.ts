import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store/index.js';
import { createTestDatabase } from './pg.js';

export type Engine = 'sqlite' | 'postgres';
export const ENGINES: Engine[] = ['sqlite', 'postgres'];

/** Opens an empty store on a real engine: a temp SQLite file, or a fresh database on the test PostgreSQL. */
export async function openTestStore(engine: Engine): Promise<Store> {
  if (engine === 'postgres') return openStore(await createTestDatabase());
  return openStore(join(mkdtempSync(join(tmpdir(), 'steward-test-')), 'steward.db'));
}
