import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { generateEstate } from '../../../emulation/estate/index.js';
import { startEmulatedEstate } from '../../../emulation/start.js';
import { PlatformId } from '../../../model/index.js';
import { UserError } from '../../../lib/errors.js';
import { FaultConfig } from '../../../emulation/kit/index.js';
import { writeLabelsFile } from '../../../emulation/estate/labels-file.js';

export function register(program: Command): void {
  program
    .command('emulate')
    .description(
      'serve a generated estate through the vendor emulators until stopped (for trying policies, benchmarks, remote workers)',
    )
    .option('--size <n>', 'number of NHIs', (v) => Number.parseInt(v, 10), 1000)
    .option('--seed <n>', 'estate seed', (v) => Number.parseInt(v, 10), 42)
    .option('--now <iso>', 'the estate\'s "now" (default: current time)')
    .option('--platforms <ids>', 'comma-separated platform ids (default: all)')
    .option('--faults <json>', 'fault injection, e.g. {"throttleEvery":50,"retryAfterSeconds":1}')
    .option('--write-config <file>', 'write a steward.yaml whose tenants point at these emulators')
    .option('--write-labels <file>', 'write the ground-truth labels (JSON) for tests and benchmarks')
    .action(
      async (opts: {
        size: number;
        seed: number;
        now?: string;
        platforms?: string;
        faults?: string;
        writeConfig?: string;
        writeLabels?: string;
      }) => {
        const estate = await generateEstate({
          size: opts.size,
          seed: opts.seed,
          platforms: parsePlatforms(opts.platforms),
          now: opts.now ?? new Date().toISOString(),
        });
        const emulated = await startEmulatedEstate(estate, { faults: parseFaults(opts.faults) });
        if (opts.writeConfig) writeFileSync(opts.writeConfig, stringify({ tenants: emulated.tenants }));
        // Streamed, one record per line: a 1M-NHI estate's labels are longer than V8's longest string.
        if (opts.writeLabels) writeLabelsFile(opts.writeLabels, estate.labels);
        // One JSON line on stdout tells a parent process (bench, tests) where everything is.
        process.stdout.write(
          `${JSON.stringify({
            ready: true,
            identities: estate.labels.identities.length,
            emulators: emulated.started.map((s) => ({ name: s.emulator.name, url: s.emulator.url })),
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

function parsePlatforms(list: string | undefined): PlatformId[] | undefined {
  return list?.split(',').map((p, i) => {
    const r = PlatformId.safeParse(p.trim());
    if (!r.success) throw new UserError(`--platforms[${i}]: unknown platform "${p}"`);
    return r.data;
  });
}

function parseFaults(json: string | undefined): FaultConfig | undefined {
  if (!json) return undefined;
  const parsed = FaultConfig.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new UserError(`--faults: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
