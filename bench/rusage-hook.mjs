// Preloaded into the measured `steward` process (`node --import ./bench/rusage-hook.mjs bin/steward.js ...`):
// on exit it writes the process's own CPU time and peak RSS (getrusage) to $STEWARD_BENCH_RUSAGE, with the peaks of
// V8's heap and of memory outside it (sampled every 250 ms), which tell where a high RSS comes from.
import { writeFileSync } from 'node:fs';

const file = process.env.STEWARD_BENCH_RUSAGE;
if (file) {
  const peakMb = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peakMb)) peakMb[k] = Math.max(peakMb[k], Math.round(m[k] / 1048576));
  };
  setInterval(sample, 250).unref();
  process.on('exit', (code) => {
    sample();
    const u = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        code,
        userCpuMs: u.userCPUTime / 1000,
        systemCpuMs: u.systemCPUTime / 1000,
        maxRssKb: u.maxRSS,
        peakMb,
      }),
    );
  });
}
