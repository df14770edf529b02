import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The shared reference corpora (vendor specs and examples) used by contract tests only:
 * $STEWARD_CORPORA, else ../shared/corpora next to the repository. Missing corpora fail the contract run loudly.
 */
export function corporaDir(): string {
  const candidates = [
    process.env.STEWARD_CORPORA,
    join(repoRoot, '..', 'shared', 'corpora'),
    '/work/shared/corpora',
  ].filter(Boolean) as string[];
  const found = candidates.find((c) => existsSync(join(c, 'INDEX.md')));
  if (!found) throw new Error(`reference corpora not found (looked in ${candidates.join(', ')}); set STEWARD_CORPORA`);
  return found;
}
