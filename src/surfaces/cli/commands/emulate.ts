import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { stringify } from 'yaml';
import { generateEstate } from '../../../emulation/estate/index.js';
import { startEmulatorThreads } from '../../../emulation/threads.js';
import { PlatformId } from '../../../model/index.js';
import { UserError } from '../../../lib/errors.js';
import { type FaultConfig, parseFaultJson } from '../../../emulation/kit/index.js';
import { writeLabelsFile } from '../../../emulation/estate/labels-file.js';
import { intOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('emulate')
    .description(
      'serve a generated estate through the vendor emulators until stopped (for trying policies, benchmarks, remote workers)',
    )
    .option('--size <n>', 'number of NHIs', intOption(10, 2_000_000), 1000)
    .option('--seed <n>', 'estate seed', intOption(0, 0xffffffff), 42)
    .option('--now <iso>', 'the estate\'s "now" (default: current time)')
    .option('--platforms <ids>', 'comma-separated platform ids (default: all)')
    .option('--faults <json>', 'fault injection, e.g. {"throttleEvery":50,"retryAfterSeconds":1}', faultsOption)
    .option('--write-config <file>', 'write a steward.yaml whose tenants point at these emulators')
    .option('--write-labels <file>', 'write the ground-truth labels (JSON) for tests and benchmarks')
    .option(
      '--no-activity',
      "do not serve the estate's planted activity on the emulators' audit-log endpoints (`steward events collect`)",
    )
    .action(
      async (opts: {
        size: number;
        seed: number;
        now?: string;
        platforms?: string;
        faults?: FaultConfig;
        writeConfig?: string;
        writeLabels?: string;
        activity: boolean;
      }) => {
        const { emulated, identities } = await serveEstate(opts);
        if (opts.writeConfig) writeFileSync(opts.writeConfig, stringify({ tenants: emulated.tenants }));
        // One JSON line on stdout tells a parent process (bench, tests) where everything is.
        process.stdout.write(
          `${JSON.stringify({
            ready: true,
            identities,
            emulators: emulated.started,
            tenants: emulated.tenants,
            env: emulated.env,
            config: opts.writeConfig ?? null,
          })}\n`,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await emulated.close();
      },
    );
}

/**
 * Generates the estate, starts its emulators (one thread each) and writes its labels. The estate itself is not kept:
 * each emulator thread holds its own copy of its platform's part.
 */
async function serveEstate(opts: {
  size: number;
  seed: number;
  now?: string;
  platforms?: string;
  faults?: FaultConfig;
  writeLabels?: string;
  activity: boolean;
}) {
  const estate = await generateEstate({
    size: opts.size,
    seed: opts.seed,
    platforms: parsePlatforms(opts.platforms),
    now: opts.now ?? new Date().toISOString(),
  });
  const emulated = await startEmulatorThreads(estate, { faults: opts.faults, activity: opts.activity });
  // Streamed, one record per line: a 1M-NHI estate's labels are longer than V8's longest string.
  if (opts.writeLabels) writeLabelsFile(opts.writeLabels, estate.labels);
  return { emulated, identities: estate.labels.identities.length };
}

function parsePlatforms(list: string | undefined): PlatformId[] | undefined {
  return list?.split(',').map((p, i) => {
    const r = PlatformId.safeParse(p.trim());
    if (!r.success) throw new UserError(`--platforms[${i}]: unknown platform "${p}"`);
    return r.data;
  });
}

/** `--faults` JSON, parsed strictly (a misspelled key is an error naming it → exit 2). */
function faultsOption(json: string): FaultConfig {
  try {
    return parseFaultJson(json);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
}
