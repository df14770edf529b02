import { StewardConfig } from '../config/schema.js';
import { type Estate, generateEstate } from '../emulation/estate/index.js';
import { fixedClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import { runAnalysis } from '../analysis/run-analysis.js';
import { ANALYSIS_CATALOGUE, PLATFORMS } from '../platforms/registry.js';
import type { Store } from '../store/index.js';
import { mintToken } from '../surfaces/api/auth.js';
import { buildServer } from '../surfaces/api/server.js';
import { importPlantedActivity, type PlantedImport } from '../surfaces/cli/commands/demo-activity.js';
import { scanFunction } from '../surfaces/cli/commands/serve.js';
import type { CliContext } from '../surfaces/cli/context.js';
import { startEmulatedEstate } from '../emulation/start.js';
import { scanEmulatedEstate } from './emulated-scan.js';
import { openTestStore } from './store.js';

export type DashboardRole = 'viewer' | 'analyst' | 'admin';

export interface DashboardFixture {
  estate: Estate;
  store: Store;
  /** http://127.0.0.1:<ephemeral port> */
  url: string;
  /** One token per role, minted in the store like `steward tokens create`. */
  tokens: Record<DashboardRole, string>;
  /** The planted activity imported (with `plantedActivity`), else empty. */
  planted: PlantedImport[];
  close(): Promise<void>;
}

/**
 * The setup of the browser tests and `npm run screenshots`: a generated estate served by the emulators, scanned
 * through the connectors and analysed into a fresh SQLite store, then the real server (API + dashboard) on an
 * ephemeral port of 127.0.0.1, with a token per role. The clock is the estate's, so ages are the labels'.
 */
export async function startDashboardFixture(options: {
  size: number;
  seed: number;
  /** Also import the estate's planted activity after the analysis, as `steward demo` does. */
  plantedActivity?: boolean;
}): Promise<DashboardFixture> {
  const estate = await generateEstate({ size: options.size, seed: options.seed });
  const store = await openTestStore('sqlite');
  const clock = fixedClock(estate.now);
  const config = StewardConfig.parse({});
  await scanEmulatedEstate(estate, store);
  await runAnalysis({ store, config, clock, log: silentLogger, catalogue: ANALYSIS_CATALOGUE });
  const planted = options.plantedActivity ? await importPlantedActivity(store, estate, () => clock.now()) : [];
  const mint = async (role: DashboardRole) =>
    (await mintToken(store.db, { name: `browser-${role}`, role, createdBy: 'test', now: estate.now })).token;
  const tokens = { viewer: await mint('viewer'), analyst: await mint('analyst'), admin: await mint('admin') };
  const platforms = PLATFORMS.map((p) => ({ id: p.id, title: p.title, nativeTypes: Object.keys(p.connector.facts) }));
  // Emulators kept up, as `steward demo --serve` keeps them, so the dashboard's scan button runs a real scan.
  const emulated = await startEmulatedEstate(estate);
  for (const [k, v] of Object.entries(emulated.env)) process.env[k] = v;
  const ctx: CliContext = {
    config: StewardConfig.parse({ tenants: emulated.tenants }),
    configFile: null,
    clock,
    log: silentLogger,
    catalogue: ANALYSIS_CATALOGUE,
    openStore: async () => store,
    out: () => {},
  };
  const app = await buildServer({
    store,
    config,
    catalogue: ANALYSIS_CATALOGUE,
    clock,
    platforms,
    scan: scanFunction(ctx, store),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    estate,
    store,
    url: address,
    tokens,
    planted,
    close: async () => {
      await app.close();
      await emulated.close();
      await store.close();
    },
  };
}
