// Preloaded into the measured `steward` process (`node --import ./bench/rusage-hook.mjs bin/steward.js ...`):
// on exit it writes the process's own CPU time and peak RSS (getrusage) to $STEWARD_BENCH_RUSAGE.
import { writeFileSync } from 'node:fs';

const file = process.env.STEWARD_BENCH_RUSAGE;
if (file) {
  process.on('exit', (code) => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ code, userCpuMs: u.userCPUTime / 1000, systemCpuMs: u.systemCPUTime / 1000, maxRssKb: u.maxRSS }));
  });
}
