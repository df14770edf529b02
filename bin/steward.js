#!/usr/bin/env node
// Runs the compiled CLI when `npm run build` has been run, otherwise the TypeScript sources through tsx,
// so a fresh clone works right after `npm ci`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

// The AWS SDK warns on every run that its 2027 releases will need Node 22; that is for us to track, not users.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!warning.message.startsWith('NodeVersionSupportWarning'))
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'surfaces', 'cli', 'main.js');
if (existsSync(compiled) && !process.env.STEWARD_FROM_SOURCE) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'surfaces', 'cli', 'main.ts')).href);
}
