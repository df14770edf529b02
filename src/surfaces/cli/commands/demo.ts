import { rmSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { StewardConfig } from '../../../config/schema.js';
import { type Estate, generateEstate } from '../../../emulation/estate/index.js';
import { type EmulatedEstate, startEmulatedEstate } from '../../../emulation/start.js';
import { ANALYSIS_CATALOGUE, PLATFORMS } from '../../../platforms/registry.js';
import { systemClock } from '../../../lib/clock.js';
import { createLogger } from '../../../lib/logger.js';
import { openStore } from '../../../store/index.js';
import { loadPeopleIndex, nhiRatioText, ownershipSummary } from '../../../analysis/ownership/index.js';
import { openFindingsBySeverity } from '../../../analysis/risk/index.js';
import { stdoutLayout } from '../format.js';
import { severitySummary } from '../scan-gate.js';
import { type CliContext, writeOut } from '../context.js';
import { describeRun } from '../progress.js';
import { scanAndAnalyze, scanExitCode } from './scan.js';
import { intOption } from '../options.js';
import { mintToken } from '../../api/auth.js';
import { DEFAULT_PORT, startServer, untilStopped } from './serve.js';
import { detectionsSection, importPlantedActivity } from './demo-activity.js';

const DEMO_STORE = '.steward/demo.db';

type DemoOptions = { size: number; seed: number; serve?: boolean; port: number };
type Out = (line: string) => void;

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      `scan a built-in emulated organisation (${PLATFORMS.map((p) => p.title).join(', ')}) end to end — no credentials needed`,
    )
    .option('--size <n>', 'number of NHIs in the generated estate', intOption(10, 2_000_000), 600)
    .option('--seed <n>', 'estate seed (same seed, same estate)', intOption(0, 0xffffffff), 7)
    .option('--serve', 'then serve the dashboard and the API on the demo store, emulators kept up (Ctrl-C to stop)')
    .option('--port <n>', 'with --serve: TCP port of the dashboard', intOption(0, 65_535), DEFAULT_PORT)
    .action(runDemo);
}

async function runDemo(opts: DemoOptions, command: Command): Promise<void> {
  const global = command.optsWithGlobals<{ store?: string; verbose?: boolean }>();
  const storeLocation = global.store ?? DEMO_STORE;
  const started = Date.now();
  const out: Out = writeOut;
  out(`Generating an organisation with ~${opts.size} NHIs (seed ${opts.seed}) and starting its emulated tenants...`);
  const estate = await generateEstate({ size: opts.size, seed: opts.seed, now: new Date().toISOString() });
  const emulated = await startEmulatedEstate(estate);
  try {
    for (const [key, value] of Object.entries(emulated.env)) process.env[key] = value;
    for (const s of emulated.started) out(`  ${s.emulator.name} emulator at ${s.emulator.url}`);
    // The demo always starts from an empty store so its figures describe this estate only.
    if (storeLocation === DEMO_STORE)
      for (const suffix of ['', '-wal', '-shm']) rmSync(DEMO_STORE + suffix, { force: true });
    const ctx: CliContext = {
      // --store may carry a URL with a password (steward.yaml's `store:` refuses one): set it after parsing.
      config: { ...StewardConfig.parse({ tenants: emulated.tenants }), store: storeLocation },
      configFile: null,
      clock: systemClock,
      log: createLogger({ level: global.verbose ? 'info' : 'warn' }),
      catalogue: ANALYSIS_CATALOGUE,
      openStore: () => openStore(storeLocation),
      out,
    };
    await scanAndReport(ctx, estate, storeLocation, started);
    if (opts.serve) await serveUntilStopped(ctx, emulated, opts.port);
  } finally {
    await emulated.close();
  }
}

/** Scans the emulated tenants, then prints what was found and what to try next. */
async function scanAndReport(ctx: CliContext, estate: Estate, storeLocation: string, started: number): Promise<void> {
  const { out } = ctx;
  const store = await ctx.openStore();
  try {
    const outcome = await scanAndAnalyze(ctx, store, {});
    out('');
    out('Scanned:');
    for (const run of outcome.runs) out(`  ${run.platform}:${run.tenant} — ${describeRun(run)}`);
    // The same figures `owners stats` and the report print (one definition: src/analysis/ownership/owned.ts).
    const figures = (await ownershipSummary(store, await loadPeopleIndex(store, ctx.catalogue.peopleSources))).overall;
    out(
      `  ${figures.identities} non-human identities stored; ${figures.activePeople ?? 0} active people (NHI:human ${nhiRatioText(figures.nhiPerPerson)})`,
    );
    for (const a of outcome.analysis) for (const line of a.summary) out(`  ${a.step}: ${line}`);
    out(`  ${severitySummary(await openFindingsBySeverity(store), stdoutLayout().colour)}`);
    out('');
    // Activity is imported after the scan: actors resolve to the identities the scan just stored.
    const planted = await importPlantedActivity(store, estate, () => ctx.clock.now());
    if (planted.length) {
      out(await detectionsSection(store, planted));
      out('');
    }
    out(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. The results are in ${storeLocation}. Try:`);
    // An example filter: the platform comes from the registry; deploy_key is a normalized kind.
    out(`  npx steward inventory --store ${storeLocation} --platform ${PLATFORMS[0].id} --kind deploy_key`);
    out(`  npx steward inventory --store ${storeLocation} --format json --limit 3`);
    out(`  npx steward findings  --store ${storeLocation} --severity-min high`);
    out(`  npx steward detections --store ${storeLocation}`);
    out(`  npx steward owners list --store ${storeLocation} --orphans`);
    out(`  npx steward report    --store ${storeLocation} --html steward-report.html`);
    out(`  npx steward runs      --store ${storeLocation}`);
    out('To scan your own tenants: `npx steward init`, edit steward.yaml, then `npx steward scan`.');
    process.exitCode = scanExitCode(false, outcome.runs);
  } finally {
    await store.close();
  }
}

/**
 * `demo --serve`: the API and the dashboard on the demo store (emulators kept up, so a scan from the dashboard works),
 * with a one-time admin token minted now and handed to the browser in the URL fragment (never sent to the server).
 */
async function serveUntilStopped(ctx: CliContext, emulated: EmulatedEstate, port: number): Promise<void> {
  const { out } = ctx;
  const store = await ctx.openStore();
  try {
    const now = ctx.clock.now().toISOString();
    const minted = await mintToken(store.db, { name: 'demo admin', role: 'admin', createdBy: 'steward demo', now });
    const { app, url } = await startServer(ctx, store, { port, host: '127.0.0.1' });
    out('');
    out('Emulators keep running. Point `steward scan` at them with this config:');
    out(stringify({ store: ctx.config.store, tenants: emulated.tenants }));
    for (const [k, v] of Object.entries(emulated.env)) out(`export ${k}=${v}`);
    out('');
    out(`Dashboard (admin token ${minted.tokenId}, revoke with \`steward tokens revoke ${minted.tokenId}\`):`);
    out(`  ${url}/#token=${minted.token}`);
    out('Ctrl-C to stop.');
    await untilStopped();
    await app.close();
  } finally {
    await store.close();
  }
}
