/**
 * How much SQLite writes for an inventory-like insert (`npx tsx bench/sqlite-writes.ts [rows] [rowsPerTransaction]
 * [walAutocheckpointPages] [during|after|none]`): a table with the identities table's four API sort indexes (keys not in insertion order),
 * rows inserted in transactions as the sync writes them, in WAL mode with the store's pragmas. Prints wall and CPU
 * seconds, the bytes the process wrote (/proc/self/io) and the file's size: the write amplification of index pages
 * written whole at every commit and again at every checkpoint (docs/scale.md, session 11).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const [rows = 300_000, perTransaction = 1_000, checkpointPages = 10_000] = process.argv.slice(2, 5).map(Number);
/** `during` (the indexes exist while rows go in), `after` (built once the rows are in, as a first scan does), `none`. */
const indexes = process.argv[5] ?? 'during';
const dir = mkdtempSync(join(tmpdir(), 'steward-sqlite-writes-'));
const file = join(dir, 'writes.db');
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -131072');
db.pragma(`wal_autocheckpoint = ${checkpointPages}`);
db.exec(
  'CREATE TABLE ids (id TEXT PRIMARY KEY, platform TEXT, name TEXT, created TEXT, last_used TEXT, attributes TEXT)',
);
const createIndexes = () => {
  for (const column of ['name', 'created', 'last_used']) db.exec(`CREATE INDEX ids_${column} ON ids (${column}, id)`);
  db.exec('CREATE INDEX ids_platform_name ON ids (platform, name, id)');
};
if (indexes === 'during') createIndexes();
const insert = db.prepare('INSERT INTO ids VALUES (?, ?, ?, ?, ?, ?)');
const randomName = () => Math.random().toString(36).slice(2, 12);
const randomDate = (spanMs: number) => new Date(Date.now() - Math.random() * spanMs).toISOString();
const attributes = 'x'.repeat(600);
const written = () => Number(/^write_bytes: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);

const bytesBefore = written();
const started = performance.now();
const cpu = process.cpuUsage();
for (let first = 0; first < rows; first += perTransaction) {
  db.transaction(() => {
    for (let n = first; n < Math.min(rows, first + perTransaction); n++)
      insert.run(
        `github:acme:bot:${String(n).padStart(9, '0')}`,
        'github',
        randomName(),
        randomDate(1e11),
        randomDate(1e10),
        attributes,
      );
  }).immediate();
}
if (indexes === 'after') createIndexes();
const used = process.cpuUsage(cpu);
const result = {
  rows,
  perTransaction,
  checkpointPages,
  indexes,
  wallSeconds: Math.round(performance.now() - started) / 1000,
  cpuSeconds: Math.round((used.user + used.system) / 1e3) / 1e3,
  systemCpuSeconds: Math.round(used.system / 1e3) / 1e3,
  writtenMb: Math.round((written() - bytesBefore) / 1e6),
  fileMb: Math.round(statSync(file).size / 1e6),
};
db.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
