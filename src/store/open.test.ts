import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.js';
import { createTestDatabase } from '../testing/pg.js';
import { migrations } from './migrations/index.js';
import { openStore } from './open.js';
import { insertSyncRun } from './sync-runs.js';

/**
 * Store locations and store open failures as a user meets them on the command line: each case is the exit code and
 * the one stderr line expected, on real SQLite files and the test PostgreSQL server.
 */

const EXIT_USAGE = 2;
const SECRET = 'hunter2-secret';

const tempDir = () => mkdtempSync(join(tmpdir(), 'steward-open-'));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The user-facing contract of a failure: exit 2, exactly one line naming the cause, no stack, no password. */
function expectOneLineUsageError(r: { code: number; stderr: string; stdout: string }, message: RegExp): void {
  expect(r.code).toBe(EXIT_USAGE);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const leaked of [SECRET, 'wr@ng-pw', 'ng-pw', 'wrong-pw']) {
    expect(r.stderr).not.toContain(leaked);
    expect(r.stdout).not.toContain(leaked);
  }
}

/** A migrated SQLite store holding one sync run (shown by `steward runs`). */
async function seededStore(dir = tempDir()): Promise<string> {
  const file = join(dir, 'steward.db');
  const store = await openStore(file);
  await insertSyncRun(store, {
    id: 'run-1',
    platform: 'github',
    tenant: 'acme-ro',
    startedAt: '2026-11-01T00:00:00.000Z',
    finishedAt: '2026-11-01T00:00:05.000Z',
    status: 'succeeded',
    mode: 'full',
    counts: {
      identities: 0,
      credentials: 0,
      permissions: 0,
      people: 0,
      edges: 0,
      removed: 0,
      appeared: 0,
      quarantined: 0,
    },
    sources: [],
    apiCalls: 1,
    pages: 1,
    retries: 0,
    errors: [],
  });
  await store.close();
  return file;
}

/** A SQLite store migrated only up to `last` (what an older Steward left behind). */
async function oldStore(last: string): Promise<string> {
  const file = join(tempDir(), 'old.db');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'steward_migrations',
    migrationLockTableName: 'steward_migrations_lock',
  });
  const { error } = await migrator.migrateTo(last);
  await db.destroy();
  if (error) throw error;
  return file;
}

async function closedPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

/** Runs the real CLI in a child process; as root, as the unprivileged `nobody` (root ignores file permissions). */
function runAsUser(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const root = resolve(import.meta.dirname, '../..');
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(
    process.execPath,
    ['--import', join(root, 'node_modules/tsx/dist/esm/index.mjs'), join(root, 'src/surfaces/cli/main.ts'), ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, STEWARD_STORE: '' }, timeout: 170_000, ...asNobody },
  );
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('store locations on the command line', () => {
  const saved = process.env.STEWARD_STORE;
  afterEach(() => {
    if (saved === undefined) delete process.env.STEWARD_STORE;
    else process.env.STEWARD_STORE = saved;
  });

  it.each([
    [
      'postgress://steward:hunter2-secret@db/steward',
      /unsupported scheme "postgress:" \(did you mean postgres:\/\/\?\)/,
    ],
    [
      'mysql://root:hunter2-secret@db/steward',
      /store location mysql:\/\/root:\*\*\*\*@db\/steward uses the unsupported/,
    ],
    ['sqlite://steward.db', /unsupported scheme "sqlite:" \(for a SQLite file, give its path or a file: URL\)/],
    ['http://example.com/steward.db', /unsupported scheme "http:"; accepted: a file path, a file: URL, or a postgres/],
    ['postgres://steward:hunter2-secret@[db/steward', /is not a valid PostgreSQL URL/],
  ])('--store %s: exit 2, the scheme named, no local file created', async (location, message) => {
    const cwd = process.cwd();
    const dir = tempDir();
    process.chdir(dir);
    try {
      for (const command of [['inventory'], ['scan'], ['migrate'], ['owners', 'list']]) {
        expectOneLineUsageError(await runCli(['--store', location, ...command]), message);
      }
      process.env.STEWARD_STORE = location;
      expectOneLineUsageError(await runCli(['runs']), message);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('takes a file: URL and a plain path to the same SQLite file', async () => {
    const file = await seededStore();
    for (const location of [file, `file://${file}`]) {
      const r = await runCli(['--store', location, 'runs', '--format', 'csv']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('github:acme-ro');
    }
  });
});

describe('SQLite store open failures', () => {
  it.each<[string, () => Promise<string> | string, string[], RegExp]>([
    [
      'a text file (read-only command)',
      () => {
        const f = join(tempDir(), 'notes.db');
        writeFileSync(f, 'these are my notes, not a database\n'.repeat(20));
        return f;
      },
      ['inventory'],
      /notes\.db is not a Steward store \(not a SQLite database: file is not a database\)$/m,
    ],
    [
      'a text file (scan/migrate)',
      () => {
        const f = join(tempDir(), 'notes.db');
        writeFileSync(f, 'these are my notes, not a database\n'.repeat(20));
        return f;
      },
      ['migrate'],
      /notes\.db is not a Steward store \(not a SQLite database/,
    ],
    [
      'another application’s SQLite database',
      () => {
        const f = join(tempDir(), 'app.db');
        const db = new BetterSqlite3(f);
        db.exec('CREATE TABLE invoices (id INTEGER)');
        db.close();
        return f;
      },
      ['migrate'],
      /app\.db is not a Steward store \(a SQLite database with other tables: invoices\)/,
    ],
    ['a folder', () => tempDir(), ['migrate'], /is a folder, not a store file/],
    ['a folder (read-only command)', () => tempDir(), ['runs'], /is a folder, not a store file/],
    [
      'a missing store (read-only command)',
      () => join(tempDir(), 'never-scanned.db'),
      ['owners', 'list'],
      /no Steward store at .*never-scanned\.db yet: run `steward scan` first/,
    ],
    [
      'an old store (read-only command)',
      () => oldStore('003_ownership'),
      ['findings'],
      /older than this Steward: this store needs migrating: run `steward scan` or `steward migrate`$/m,
    ],
    [
      'a store from a newer Steward (read-only command)',
      async () => {
        const f = await seededStore();
        const db = new BetterSqlite3(f);
        db.prepare('INSERT INTO steward_migrations (name, timestamp) VALUES (?, ?)').run('999_future', '2030');
        db.close();
        return f;
      },
      ['runs'],
      /written by a newer Steward \(unknown migration 999_future\); upgrade Steward/,
    ],
    [
      'a store from a newer Steward (migrate)',
      async () => {
        const f = await seededStore();
        const db = new BetterSqlite3(f);
        db.prepare('INSERT INTO steward_migrations (name, timestamp) VALUES (?, ?)').run('999_future', '2030');
        db.close();
        return f;
      },
      ['migrate'],
      /written by a newer Steward .*999_future.*; upgrade Steward/,
    ],
  ])('%s: exit 2 with one line naming the cause, the file untouched', async (_name, make, command, message) => {
    const file = await make();
    const before = existsSync(file) && statSync(file).isFile() ? sha(file) : null;
    expectOneLineUsageError(await runCli(['--store', file, ...command]), message);
    expect(existsSync(file) && statSync(file).isFile() ? sha(file) : null).toBe(before);
  });

  it('an old store is read after `steward migrate`, and the read-only command never migrated it', async () => {
    const file = await oldStore('003_ownership');
    const before = sha(file);
    expect((await runCli(['--store', file, 'inventory'])).code).toBe(EXIT_USAGE);
    expect(sha(file)).toBe(before);
    const migrated = await runCli(['--store', file, 'migrate']);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`the store at ${file} is up to date`);
    const r = await runCli(['--store', file, 'inventory']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each([
    ['inventory'],
    ['findings'],
    ['findings', '--format', 'sarif'],
    ['runs'],
    ['owners', 'list'],
    ['owners', 'stats'],
    ['people', 'list'],
    ['report', '--html', join(tempDir(), 'report.html')],
  ])('`%s` opens read-only: the store file is not changed (no WAL switch, no migration)', async (...command) => {
    const file = await seededStore();
    const before = sha(file);
    const r = await runCli(['--store', file, ...command]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sha(file)).toBe(before);
  });

  it('creates a new store file 0600 (and its -wal/-shm) in a folder 0700', async () => {
    const dir = tempDir();
    const file = join(dir, 'a', 'b', 'steward.db');
    const r = await runCli(['--store', file, 'migrate']);
    expect(r.code).toBe(0);
    expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const store = await openStore(file);
    try {
      await insertSyncRun(store, {
        id: 'run-modes',
        platform: 'github',
        tenant: 'acme',
        startedAt: '2026-11-01T00:00:00.000Z',
        finishedAt: null,
        status: 'running',
        mode: 'full',
        counts: {
          identities: 0,
          credentials: 0,
          permissions: 0,
          people: 0,
          edges: 0,
          removed: 0,
          appeared: 0,
          quarantined: 0,
        },
        sources: [],
        apiCalls: 0,
        pages: 0,
        retries: 0,
        errors: [],
      });
      for (const suffix of ['-wal', '-shm']) expect(statSync(file + suffix).mode & 0o777).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  describe('a read-only copy (chmod 444), used by an unprivileged user', () => {
    let file: string;
    let dir: string;
    beforeAll(async () => {
      dir = tempDir();
      chmodSync(dir, 0o777);
      const original = await seededStore();
      file = join(dir, 'copy.db');
      copyFileSync(original, file);
      chmodSync(file, 0o444);
      // The other user's first run compiles every module with tsx into that user's own cache: slow on a busy
      // machine, and not what the tests below are about.
      runAsUser(['--version'], dir);
    }, 180_000);

    it('can be read by read-only commands', () => {
      const r = runAsUser(['--store', file, 'runs', '--format', 'csv'], dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('github:acme-ro');
    });

    it('is refused for writing with one line: read-only', () => {
      const before = sha(file);
      const r = runAsUser(['--store', file, 'migrate'], dir);
      expectOneLineUsageError(r, /the store at .*copy\.db is read-only \(cannot write the file\)/);
      expect(sha(file)).toBe(before);
    });

    it('in a read-only folder, says to copy it to a writable one', () => {
      const locked = join(tempDir(), 'locked');
      mkdirSync(locked);
      const inside = join(locked, 'copy.db');
      copyFileSync(file, inside);
      chmodSync(inside, 0o444);
      chmodSync(locked, 0o555);
      chmodSync(join(locked, '..'), 0o755);
      const r = runAsUser(['--store', inside, 'runs'], locked);
      expectOneLineUsageError(r, /its folder is read-only .* copy the store to a writable folder/);
    });
  });
});

describe('PostgreSQL store open failures', () => {
  let url: string;
  let bad: (password: string) => string;
  beforeAll(async () => {
    url = await createTestDatabase();
    bad = (password) => {
      const u = new URL(url);
      u.password = '';
      return u.toString().replace('://steward@', `://steward:${password}@`);
    };
  });

  it('an empty database: read-only commands ask for a migration; `steward migrate` sets it up', async () => {
    expectOneLineUsageError(
      await runCli(['--store', url, 'runs']),
      /the store at postgres:\/\/steward:\*\*\*\*@127\.0\.0\.1:\d+\/t_\w+ is empty: this store needs migrating: run `steward scan` or `steward migrate`/,
    );
    const migrated = await runCli(['--store', url, 'migrate']);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/the store at postgres:\/\/steward:\*\*\*\*@127/);
    expect(migrated.stdout).not.toContain(new URL(url).password);
    const r = await runCli(['--store', url, 'runs']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each<[string, (port: number) => string, RegExp]>([
    [
      'a wrong password',
      () => bad('wrong-pw'),
      /authentication failed for the store at postgres:\/\/steward:\*\*\*\*@/,
    ],
    [
      'a wrong password with an unencoded @',
      () => bad('wr@ng-pw'),
      /authentication failed for the store at postgres:\/\/steward:\*\*\*\*@127/,
    ],
    [
      'a wrong ?password= parameter',
      () => `${url.replace(/:[^:@/]+@/, '@')}?password=wrong-pw`,
      /authentication failed for the store at postgres:\/\/steward@127\.0\.0\.1:\d+\/t_\w+\?password=\*\*\*\* /,
    ],
    [
      'a wrong &password= parameter',
      () => `${url.replace(/:[^:@/]+@/, '@')}?sslmode=disable&password=wrong-pw`,
      /authentication failed .*&password=\*\*\*\* /,
    ],
    [
      'a closed port',
      (port) => `postgres://steward:wrong-pw@127.0.0.1:${port}/steward`,
      /cannot connect to the store at postgres:\/\/steward:\*\*\*\*@127\.0\.0\.1:\d+\/steward \(connection refused, ECONNREFUSED\)$/m,
    ],
    [
      'an unknown host',
      () => 'postgres://steward:wrong-pw@steward-db.invalid/steward',
      /cannot connect to the store at postgres:\/\/steward:\*\*\*\*@steward-db\.invalid\/steward \((unknown host|host name lookup failed)/,
    ],
    ['a missing database', () => url.replace(/\/t_\w+$/, '/no_such_db'), /database "no_such_db" does not exist/],
  ])('%s: exit 2 with one line, no password', async (_name, location, message) => {
    const store = location(await closedPort());
    for (const command of [['runs'], ['migrate']]) {
      expectOneLineUsageError(await runCli(['--store', store, ...command]), message);
    }
  });
});

describe('store: in steward.yaml', () => {
  const config = (text: string) => {
    const file = join(tempDir(), 'steward.yaml');
    writeFileSync(file, text);
    return file;
  };

  it.each([
    [
      'store: postgres://steward:hunter2-secret@db/steward\n',
      /store \(line 1\): the URL carries a password inline; steward\.yaml takes it as a secret reference: store: \{ url: "postgres:\/\/user@host\/db", password: \{ env: VARIABLE \} \}/,
    ],
    [
      'store: "postgres://steward@db/steward?password=hunter2-secret"\n',
      /store \(line 1\): the URL carries a password/,
    ],
    ['store: postgress://steward@db/steward\n', /store \(line 1\): store location .* unsupported scheme "postgress:"/],
    [
      'store:\n  url: postgres://steward@db/steward\n  password: hunter2-secret\n',
      /store\.password \(line 3\): expected a secret reference/,
    ],
    [
      'store:\n  url: postgres://steward@db/steward\n  password: { env: STEWARD_TEST_UNSET_PW }\n',
      /store\.password \(line 3\): environment variable STEWARD_TEST_UNSET_PW is not set/,
    ],
  ])('%j: exit 2 naming the key', async (text, message) => {
    delete process.env.STEWARD_TEST_UNSET_PW;
    const r = await runCli(['-c', config(text), 'runs']);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('reads the PostgreSQL password from a secret reference', async () => {
    const url = new URL(await createTestDatabase());
    const password = decodeURIComponent(url.password);
    url.password = '';
    process.env.STEWARD_TEST_STORE_PASSWORD = password;
    const file = config(`store:\n  url: ${url}\n  password: { env: STEWARD_TEST_STORE_PASSWORD }\n`);
    const migrated = await runCli(['-c', file, 'migrate']);
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).not.toContain(password);
    expect((await runCli(['-c', file, 'runs'])).code).toBe(0);

    process.env.STEWARD_TEST_STORE_PASSWORD = 'wrong-pw';
    expectOneLineUsageError(await runCli(['-c', file, 'runs']), /authentication failed for the store/);
  });
});
