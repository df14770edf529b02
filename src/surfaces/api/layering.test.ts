import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The server knows platforms only through what the CLI hands it (buildServer's `platforms`, `catalogue`, `scan`). */
describe('src/surfaces/api', () => {
  it('imports no platform, no registry and no CLI module', () => {
    const dir = import.meta.dirname;
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        [...readFileSync(join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)]
          .map((m) => m[1])
          .filter((spec) => /\/platforms\/|\/cli\//.test(spec))
          .map((spec) => `${f} -> ${spec}`),
      );
    expect(offenders).toEqual([]);
  });
});
