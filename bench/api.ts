/**
 * API benchmark (issue 18: p95 ≤ 50 ms for identity list / filter / detail with 50 concurrent clients).
 *
 *   tsx bench/api.ts [--size 10000] [--engines sqlite,postgres] [--duration 10] [--connections 50] [--workers <cpus>]
 *                    [--store <file|postgres://…>]  (one engine: a store seeded by an earlier run, seeded only if empty)
 *                    [--scenarios list,detail]  (only these, printed and not written to bench/results)
 *                    [--pg-connect socket|tcp]  (how the server reaches embedded PostgreSQL; default its Unix socket)
 *
 * Per engine: seeds a fresh store with `size` identities of realistic shape (every registered platform, three
 * tenants each, credentials, permissions, some findings, owners, risk scores, people) through the store's own writers,
 * starts `steward serve --workers N` (default: one per CPU) in a child process (so the load generator does not share
 * its event loop), then runs
 * autocannon against five scenarios: the first page of the identity list, a filtered list (platform + text), a deep
 * cursor page (half-way through the name order), the first page in fix-first order, and identity detail (random ids).
 * p50/p95/p99 are exact, computed
 * from every response time. Beside them: the server's CPU per request (`steward serve` and its workers, plus on
 * PostgreSQL the database's backends for this store, from /proc), so a run on a busy machine still says what each
 * request costs, and the load average at the start and end of each scenario. Results:
 * bench/results/api-<engine>-<size>.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { Identity, type IdentityInput, Person, severityRank } from '../src/model/index.js';
import { PLATFORMS } from '../src/platforms/registry.js';
import { openStore, type Store, writeIdentities, writePeople } from '../src/store/index.js';
import { mintToken } from '../src/surfaces/api/auth.js';
import { encodeCursor } from '../src/surfaces/api/cursor.js';

const SELF = fileURLToPath(import.meta.url);
const RESULTS = resolve(SELF, '../results');
const NOW = '2026-12-01T00:00:00.000Z';
const BATCH = 2000;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const KINDS = ['service_account', 'api_key', 'oauth_app'] as const;
const WORDS = ['deploy', 'build', 'billing', 'backup', 'svc', 'etl', 'report', 'sync', 'monitor', 'payments'];

interface Args {
  size: number;
  engines: string[];
  duration: number;
  connections: number;
  workers: number;
  store?: string;
  /** Only these scenarios (default: all); a run of some is not written to bench/results. */
  only?: string[];
  /** How the server reaches embedded PostgreSQL: its Unix socket (default) or TCP on 127.0.0.1. */
  pgConnect: 'socket' | 'tcp';
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    size: 10_000,
    engines: ['sqlite', 'postgres'],
    duration: 10,
    connections: 50,
    workers: cpus().length,
    pgConnect: 'socket',
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--size') args.size = Number(value);
    else if (argv[i] === '--engines') args.engines = value.split(',');
    else if (argv[i] === '--duration') args.duration = Number(value);
    else if (argv[i] === '--connections') args.connections = Number(value);
    else if (argv[i] === '--workers') args.workers = Number(value);
    else if (argv[i] === '--store') args.store = value;
    else if (argv[i] === '--scenarios') args.only = value.split(',');
    else if (argv[i] === '--pg-connect') args.pgConnect = value === 'tcp' ? 'tcp' : 'socket';
    else continue;
    i++;
  }
  if (!Number.isInteger(args.size) || args.size < 100) throw new Error('--size must be an integer ≥ 100');
  if (args.store && args.engines.length !== 1)
    throw new Error('--store takes one engine (--engines sqlite or --engines postgres)');
  return args;
}

/** A seeded pseudo-random sequence, so every run seeds the same estate. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const days = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();

function identityAt(n: number, rnd: () => number): IdentityInput {
  const platform = PLATFORMS[n % PLATFORMS.length].id;
  const tenant = `tenant-${Math.floor(rnd() * 3)}`;
  const name = `${WORDS[Math.floor(rnd() * WORDS.length)]}-${WORDS[Math.floor(rnd() * WORDS.length)]}-${n}`;
  const id = `${platform}:${tenant}:id-${n.toString().padStart(8, '0')}`;
  return {
    id,
    platform,
    tenant,
    kind: KINDS[n % KINDS.length],
    nativeType: `bench_${KINDS[n % KINDS.length]}`,
    nativeId: `id-${n}`,
    name,
    createdAt: days(Math.floor(rnd() * 1500)),
    lastUsedAt: rnd() < 0.7 ? days(Math.floor(rnd() * 400)) : null,
    attributes: { note: `seeded ${n}` },
    credentials: Array.from({ length: 1 + Math.floor(rnd() * 2) }, (_, c) => ({
      id: `${id}#cred-${c}`,
      type: 'token' as const,
      name: `key ${c}`,
      createdAt: days(Math.floor(rnd() * 900)),
    })),
    permissions: Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, p) => ({
      nativeName: `perm-${p}`,
      resource: `resource-${Math.floor(rnd() * 50)}`,
      access: (['read', 'write', 'admin'] as const)[Math.floor(rnd() * 3)],
    })),
  };
}

async function insertChunks(store: Store, table: 'findings' | 'ownership' | 'risk_scores', rows: object[]) {
  // The rows are built for this table by derivedRows; Kysely cannot tie a table name variable to its row type.
  const into = store.db.insertInto(table) as unknown as { values(rows: object[]): { execute(): Promise<unknown> } };
  for (let i = 0; i < rows.length; i += 500) await into.values(rows.slice(i, i + 500)).execute();
}

/** Derived tables for one batch: ~25 % of identities with a finding, 70 % owned, every one scored. */
function derivedRows(batch: Identity[], rnd: () => number, people: string[]) {
  const findings: object[] = [];
  const ownership: object[] = [];
  const scores: object[] = [];
  for (const i of batch) {
    let openRank = -1;
    if (rnd() < 0.25) {
      const severity = SEVERITIES[Math.floor(rnd() * SEVERITIES.length)];
      openRank = severityRank(severity);
      findings.push({
        id: `bench-rule|${i.id}`,
        rule_id: 'bench-rule',
        identity_id: i.id,
        platform: i.platform,
        tenant: i.tenant,
        severity,
        title: 'Bench finding',
        message: `bench finding on ${i.name}`,
        evidence: '[]',
        status: 'open',
        first_seen: NOW,
        last_seen: NOW,
        resolved_at: null,
        suppressed_reason: null,
        suppressed_by: null,
        suppressed_until: null,
        resolved_reason: null,
      });
    }
    const owner = rnd() < 0.7 ? people[Math.floor(rnd() * people.length)] : null;
    ownership.push({
      identity_id: i.id,
      owner_person_id: owner ? `hr:hr:${owner}` : null,
      owner_email: owner,
      owner_team: null,
      source: owner ? 'creator' : null,
      confidence: owner ? 0.8 : null,
      candidates: '[]',
      computed_at: NOW,
      owner_status: owner ? 'active' : null,
      orphan: owner ? 0 : 1,
      orphan_reason: owner ? null : 'no_owner',
    });
    const exposure = 1 + Math.floor(rnd() * 256);
    scores.push({
      identity_id: i.id,
      platform: i.platform,
      tenant: i.tenant,
      score: Math.floor(rnd() * 100),
      privilege: 0,
      exposure: 0,
      staleness: 0,
      ownership: 0,
      third_party: 0,
      explanation: 'bench',
      parts: '[]',
      computed_at: NOW,
      fix_exposure: exposure,
      fix_factors: '{}',
      open_rank: openRank,
    });
  }
  return { findings, ownership, scores };
}

export async function seed(store: Store, size: number): Promise<void> {
  const rnd = random(42);
  const people = Array.from({ length: Math.max(20, Math.floor(size / 50)) }, (_, n) => `person${n}@example.com`);
  await writePeople(
    store,
    people.map((email) =>
      Person.parse({
        id: `hr:hr:${email}`,
        source: 'hr',
        tenant: 'hr',
        nativeId: email,
        email,
        name: email,
        status: 'active',
      }),
    ),
    'bench',
    NOW,
  );
  for (let start = 0; start < size; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, size - start) }, (_, k) =>
      Identity.parse(identityAt(start + k, rnd)),
    );
    await writeIdentities(store, batch, 'bench-run', NOW);
    const d = derivedRows(batch, rnd, people);
    await insertChunks(store, 'findings', d.findings);
    await insertChunks(store, 'ownership', d.ownership);
    await insertChunks(store, 'risk_scores', d.scores);
  }
}

/** `steward serve --workers N` on the seeded store, on an ephemeral port, as a user runs it. */
function startServe(location: string, workers: number): Promise<{ url: string; proc: ChildProcess }> {
  const bin = resolve(SELF, '../../bin/steward.js');
  const proc = spawn(
    process.execPath,
    [bin, '--store', location, 'serve', '--port', '0', '--workers', String(workers)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const url = /https?:\/\/127\.0\.0\.1:\d+/.exec(buffer)?.[0];
      if (url) resolvePromise({ url, proc });
    });
    proc.once('exit', (code) => reject(new Error(`steward serve exited with ${code}`)));
  });
}

const TICK_MS = 10; // Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ)

/** utime + stime of every process on the machine, with its parent and command line (Linux /proc). */
function processTimes(): Array<{ pid: number; ppid: number; cpuMs: number; cmd: string }> {
  const out: Array<{ pid: number; ppid: number; cpuMs: number; cmd: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      out.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
        cmd,
      });
    } catch {
      // the process ended while being read
    }
  }
  return out;
}

/** CPU ms so far, per process: the server's (its process and its workers) and the store's PostgreSQL backends. */
interface CpuSnapshot {
  server: Map<number, number>;
  database: Map<number, number>;
}

/**
 * CPU ms between two snapshots, process by process: a backend that connected since counts from 0, one that ended
 * (a pooled connection closed after idling) is left out, so an ended process does not subtract its whole life.
 */
function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

function serverCpuMs(serverPid: number, database: string | null): CpuSnapshot {
  const all = processTimes();
  const tree = new Set([serverPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all)
      if (tree.has(p.ppid) && !tree.has(p.pid)) {
        tree.add(p.pid);
        grew = true;
      }
  }
  const byPid = (ps: typeof all) => new Map(ps.map((p) => [p.pid, p.cpuMs]));
  return {
    server: byPid(all.filter((p) => tree.has(p.pid))),
    database: byPid(
      database ? all.filter((p) => p.cmd.startsWith('postgres: ') && p.cmd.includes(` ${database} `)) : [],
    ),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function scenario(
  url: string,
  token: string,
  args: Args,
  path: () => string,
  cpu: () => CpuSnapshot,
): Promise<{
  p50: number;
  p95: number;
  p99: number;
  requestsPerSecond: number;
  requests: number;
  errors: number;
  non2xx: number;
  serverCpuMsPerRequest: number;
  databaseCpuMsPerRequest: number;
  requestsPerServerCpuSecond: number;
  loadGeneratorCpuMsPerRequest: number;
  loadAverage: { start: number; end: number };
}> {
  const times: number[] = [];
  const load0 = loadavg()[0];
  const cpu0 = cpu();
  const own0 = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolveRun, reject) => {
    const instance = autocannon(
      {
        url,
        connections: args.connections,
        duration: args.duration,
        headers: { authorization: `Bearer ${token}` },
        requests: [{ setupRequest: (req) => ({ ...req, path: path() }) }],
      },
      (error, done) => (error ? reject(error) : resolveRun(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const cpu1 = cpu();
  const own = process.cpuUsage(own0);
  const load1 = loadavg()[0];
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  const n = Math.max(1, result.requests.total);
  const serverMs = cpuSince(cpu0.server, cpu1.server);
  const databaseMs = cpuSince(cpu0.database, cpu1.database);
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    requestsPerSecond: round(result.requests.average),
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    serverCpuMsPerRequest: round(serverMs / n),
    databaseCpuMsPerRequest: round(databaseMs / n),
    // Requests per CPU-second of everything that answers them (the server's processes and, on PostgreSQL, its backends).
    requestsPerServerCpuSecond: round((n * 1000) / Math.max(1, serverMs + databaseMs)),
    // autocannon runs in this process, on the same cores: what it spends is not left for the server.
    loadGeneratorCpuMsPerRequest: round((own.user + own.system) / 1000 / n),
    loadAverage: { start: round(load0), end: round(load1) },
  };
}

/** Whether a PostgreSQL URL reaches its server over a Unix socket (a host that is a path) or TCP. */
function connectionOf(location: string): 'unix-socket' | 'tcp' {
  const url = new URL(location);
  const host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || '';
  return host.startsWith('/') ? 'unix-socket' : 'tcp';
}

async function openBenchStore(engine: string, args: Args): Promise<{ location: string; stop(): Promise<void> }> {
  const { size, store: given } = args;
  if (given) return { location: given, stop: async () => {} };
  if (engine === 'sqlite')
    return {
      location: join(mkdtempSync(join(tmpdir(), `steward-api-bench-${size}-`)), 'store.db'),
      stop: async () => {},
    };
  const { startEmbeddedPostgres } = await import('../src/testing/embedded-postgres.js');
  const server = await startEmbeddedPostgres({ settings: { shared_buffers: '512MB', work_mem: '32MB' } });
  const database = `api_bench_${randomBytes(4).toString('hex')}`;
  await server.createDatabase(database);
  return {
    location: args.pgConnect === 'tcp' ? server.urlFor(database) : server.socketUrlFor(database),
    stop: () => server.stop(),
  };
}

async function runEngine(engine: string, args: Args): Promise<void> {
  const log = (m: string) => process.stderr.write(`[api ${engine} ${args.size}] ${m}\n`);
  const target = await openBenchStore(engine, args);
  let proc: ChildProcess | null = null;
  try {
    const store = await openStore(target.location);
    const started = performance.now();
    const existing = await store.db
      .selectFrom('identities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(existing.n) === 0) await seed(store, args.size);
    else if (Number(existing.n) !== args.size)
      throw new Error(`--store holds ${existing.n} identities, not --size ${args.size}`);
    // Planner statistics and the visibility map, as PostgreSQL's autovacuum keeps them on a live store: without the
    // statistics it estimates a few rows and sorts the whole table instead of walking the name index; without the
    // map an index-only scan (migration 013's covering index) still visits every row it reads.
    await sql.raw(store.engine === 'postgres' ? 'vacuum analyze' : 'analyze').execute(store.db);
    const seedSeconds = (performance.now() - started) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s`);
    const { token } = await mintToken(store.db, { name: 'bench', role: 'viewer', createdBy: 'bench', now: NOW });
    const middle = await store.db
      .selectFrom('identities')
      .select(['id', 'name'])
      .orderBy('name')
      .orderBy('id')
      .offset(Math.floor(args.size / 2))
      .limit(1)
      .executeTakeFirstOrThrow();
    const ids = (await store.db.selectFrom('identities').select('id').execute()).map((r) => r.id);
    await store.close();
    const child = await startServe(target.location, args.workers);
    proc = child.proc;
    const database = engine === 'postgres' ? new URL(target.location).pathname.slice(1) : null;
    const cpu = () => serverCpuMs(child.proc.pid ?? 0, database);
    const deep = encodeCursor([middle.name, middle.id]);
    const platform = PLATFORMS[0].id;
    const scenarios: Record<string, () => string> = {
      list: () => '/api/v1/identities?limit=50',
      filtered: () => `/api/v1/identities?platform=${platform}&q=billing&limit=50`,
      deepCursor: () => `/api/v1/identities?limit=50&cursor=${deep}`,
      fixFirst: () => '/api/v1/identities?sort=fixFirst&limit=50',
      detail: () => `/api/v1/identities/${encodeURIComponent(ids[Math.floor(Math.random() * ids.length)])}`,
    };
    const results: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(scenarios)) {
      if (args.only && !args.only.includes(name)) continue;
      // Warm-up (token verified once per worker, statements and page cache warm), not measured.
      for (let k = 0; k < 5; k++)
        await Promise.all(
          Array.from({ length: 10 }, () =>
            fetch(`${child.url}${path()}`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
              r.arrayBuffer(),
            ),
          ),
        );
      results[name] = await scenario(child.url, token, args, path, cpu);
      log(`${name}: ${JSON.stringify(results[name])}`);
    }
    if (args.only) return;
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `api-${engine}-${args.size}.json`);
    const machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    };
    writeFileSync(
      file,
      `${JSON.stringify({ engine, size: args.size, at: new Date().toISOString(), connections: args.connections, workers: args.workers, durationSeconds: args.duration, ...(database ? { databaseConnection: connectionOf(target.location) } : {}), seedSeconds, machine, scenarios: results }, null, 2)}\n`,
    );
    log(`wrote ${file}`);
  } finally {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((done) => proc?.once('exit', done));
      proc.kill('SIGTERM');
      await exited; // before the database goes away under its connections
    }
    await target.stop();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  for (const engine of args.engines) await runEngine(engine, args);
}

if (process.argv[1] === SELF)
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  });
