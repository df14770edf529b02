/**
 * `tsx bench/resummarize.ts [--recompute-minimum] [--sizes 10000,100000]`: rewrites bench/results/SUMMARY.md from the
 * result files; with --recompute-minimum, first recomputes each result's minimum API calls with the current
 * bench/minimum-calls.ts formulas (regenerating the estate from its size and seed; counts do not depend on "now").
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEstate } from '../src/emulation/estate/index.js';
import { minimumCalls } from './minimum-calls.js';
import { renderSummary, type BenchResult } from './summary.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');

async function main() {
  const argv = process.argv.slice(2);
  const recompute = argv.includes('--recompute-minimum');
  const i = argv.indexOf('--sizes');
  const only = i >= 0 ? new Set(argv[i + 1].split(',').map(Number)) : null;
  const results: BenchResult[] = [];
  const cache = new Map<string, Awaited<ReturnType<typeof minimumCalls>>>();
  for (const f of readdirSync(RESULTS).filter((x) => x.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(RESULTS, f), 'utf8')) as Partial<BenchResult>;
    if (!r.full || !r.minimumCalls || !r.engine) continue;
    if (recompute && (!only || only.has(r.size!))) {
      const key = `${r.size}:${r.seed}`;
      if (!cache.has(key))
        cache.set(
          key,
          await minimumCalls(
            await generateEstate({ size: r.size, seed: r.seed, now: r.estate?.now ?? '2026-11-01T00:00:00Z' }),
          ),
        );
      r.minimumCalls = cache.get(key)!;
      writeFileSync(join(RESULTS, f), `${JSON.stringify(r, null, 2)}\n`);
    }
    results.push(r as BenchResult);
  }
  const notes = join(ROOT, 'bench', 'NOTES.md');
  writeFileSync(
    join(RESULTS, 'SUMMARY.md'),
    renderSummary(results, existsSync(notes) ? readFileSync(notes, 'utf8') : ''),
  );
  process.stderr.write(`rewrote ${join(RESULTS, 'SUMMARY.md')} from ${results.length} results\n`);
}

main().catch((e) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
