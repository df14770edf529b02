/**
 * Monitoring benchmark (issue 19): events per second end to end on one process, against the parse-only limit of the
 * same file on this machine, and peak RSS as the input grows tenfold.
 *
 *   npm run bench:events -- [--events 1000000] [--seed 7] [--parse-thread auto|on|off]
 *
 * 1. generates a CloudTrail `{"Records":[…]}` file of N events (bench/cloudtrail-generator.ts; not timed);
 * 2. parse: read + split + JSON.parse of every record (the machine's limit for this file), in a child process;
 * 3. import: `importFile` end to end (split → parse → normalize → resolve → enrich → store with de-dup → detect →
 *    baseline) into a fresh SQLite store whose inventory holds two thirds of the actors, in a child process;
 * 4. RSS: the same import streamed straight from the generator at N/10 events (1×) and N events (10×), each in its
 *    own child process, peak RSS (getrusage maxRSS) of each.
 * `--parse-thread`: split, parse and enrich on a second thread (on), on the importing thread (off), or as `importFile`
 * decides by default (auto: when the load average leaves a core free). The result says which ran.
 * Writes bench/results/events-<N>.json. Target: ≥ 110,000 events/s end to end; RSS flat from 1× to 10×.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudTrailFormat } from '../src/platforms/aws/activity/cloudtrail.js';
import { importChunks, importFile, type ImportSummary } from '../src/monitoring/pipeline.js';
import { readChunks } from '../src/monitoring/read.js';
import { RecordSplitter } from '../src/monitoring/split.js';
import { openStore } from '../src/store/index.js';
import { generateCloudTrail, seedInventory } from './cloudtrail-generator.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

interface PhaseResult {
  count: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  summary?: ImportSummary;
}

function measured<T>(started: number, cpu: NodeJS.CpuUsage, count: number, extra: T) {
  const used = process.cpuUsage(cpu);
  return {
    count,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
  };
}

async function parsePhase(file: string): Promise<PhaseResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let records = 0;
  let bad = 0;
  const texts: string[] = [];
  const splitter = new RecordSplitter({ record: (t) => texts.push(t), malformed: () => bad++ });
  for await (const chunk of readChunks(file)) {
    splitter.push(chunk);
    for (const t of texts) if (JSON.parse(t)) records++;
    texts.length = 0;
  }
  splitter.end();
  return measured(started, cpu, records, { malformed: bad });
}

function parseThreadArg(): boolean | undefined {
  const mode = arg('parse-thread', 'auto');
  if (mode !== 'auto' && mode !== 'on' && mode !== 'off')
    throw new Error(`--parse-thread: auto, on or off, not ${mode}`);
  return mode === 'auto' ? undefined : mode === 'on';
}

async function importPhase(source: 'file' | 'stream', file: string, storeFile: string, events: number, seed: number) {
  const store = await openStore(storeFile);
  const generated = generateCloudTrail({ events, seed });
  await seedInventory(store, generated.actors);
  const options = {
    store,
    format: cloudTrailFormat,
    platform: 'aws' as const,
    lastUsedSource: 'CloudTrail events',
    now: () => new Date(),
    parseThread: parseThreadArg(),
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const summary = source === 'file' ? await importFile(file, options) : await importChunks(generated.chunks, options);
    return measured(started, cpu, summary.stored, { summary });
  } finally {
    await store.close();
  }
}

/** Runs one phase in a child process (clean peak RSS) and returns its JSON line. */
function child(args: string[]): PhaseResult {
  const mode = ['--parse-thread', arg('parse-thread', 'auto')];
  const r = spawnSync(process.execPath, [...process.execArgv, SELF, ...args, ...mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`phase ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as PhaseResult;
}

async function writeFile(file: string, events: number, seed: number): Promise<void> {
  const out = createWriteStream(file);
  for await (const chunk of generateCloudTrail({ events, seed }).chunks)
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r, j) => out.end((e?: Error) => (e ? j(e) : r())));
}

async function main(): Promise<void> {
  const phase = arg('phase', '');
  const events = Number(arg('events', '1000000'));
  const seed = Number(arg('seed', '7'));
  if (phase === 'parse') return void console.log(JSON.stringify(await parsePhase(arg('file', ''))));
  if (phase === 'import' || phase === 'stream')
    return void console.log(
      JSON.stringify(
        await importPhase(phase === 'import' ? 'file' : 'stream', arg('file', ''), arg('store', ''), events, seed),
      ),
    );

  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-events-'));
  try {
    const file = join(dir, 'trail.json');
    await writeFile(file, events, seed);
    const bytes = statSync(file).size;
    console.error(`generated ${events} events, ${(bytes / 1e6).toFixed(0)} MB`);
    const parse = child(['--phase', 'parse', '--file', file]);
    console.error(`parse-only: ${Math.round(parse.count / parse.seconds)} records/s`);
    const e2e = child([
      '--phase',
      'import',
      '--file',
      file,
      '--store',
      join(dir, 'e2e.db'),
      '--events',
      String(events),
      '--seed',
      String(seed),
    ]);
    console.error(`end to end: ${Math.round(e2e.count / e2e.seconds)} events/s`);
    const small = Math.round(events / 10);
    const rss1 = child([
      '--phase',
      'stream',
      '--store',
      join(dir, 'rss1.db'),
      '--events',
      String(small),
      '--seed',
      String(seed),
    ]);
    const rss10 = child([
      '--phase',
      'stream',
      '--store',
      join(dir, 'rss10.db'),
      '--events',
      String(events),
      '--seed',
      String(seed),
    ]);
    const result = {
      benchmark: 'events: CloudTrail import end to end vs parse-only, one process (bench/events.ts)',
      date: new Date().toISOString(),
      command: `npm run bench:events -- --events ${events} --seed ${seed}`,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
      parseThread: e2e.summary?.parseThread,
      events,
      fileMb: Math.round(bytes / 1e6),
      parseOnly: { recordsPerSecond: Math.round(parse.count / parse.seconds), ...parse },
      endToEnd: {
        eventsPerSecond: Math.round(e2e.count / e2e.seconds),
        eventsPerCpuSecond: Math.round(e2e.count / e2e.cpuSeconds),
        ...e2e,
      },
      ratioToParseOnly: Math.round((e2e.count / e2e.seconds / (parse.count / parse.seconds)) * 100) / 100,
      rss: {
        at1x: { events: small, maxRssMb: rss1.maxRssMb, parseThread: rss1.summary?.parseThread },
        at10x: { events, maxRssMb: rss10.maxRssMb, parseThread: rss10.summary?.parseThread },
      },
      target: { eventsPerSecond: 110_000, met: e2e.count / e2e.seconds >= 110_000 },
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const out = join(ROOT, 'bench', 'results', `events-${events}.json`);
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
    console.error(`wrote ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
