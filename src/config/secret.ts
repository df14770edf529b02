import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { registerSecret } from '../lib/logger.js';

/**
 * A secret in steward.yaml is a reference, never a literal: `{ env: NAME }` or `{ file: PATH }`.
 * Parsing resolves it to the value (registered for log redaction); a missing variable or file is a config error
 * that names the key.
 */
export const SecretRef = z
  .union([z.object({ env: z.string().min(1) }).strict(), z.object({ file: z.string().min(1) }).strict()], {
    error:
      'expected a secret reference: { env: VARIABLE } or { file: /path/to/file } (literal secrets are not accepted)',
  })
  .transform((ref, ctx) => {
    if ('env' in ref) {
      const v = process.env[ref.env];
      if (v === undefined || v === '') {
        ctx.addIssue({ code: 'custom', message: `environment variable ${ref.env} is not set` });
        return z.NEVER;
      }
      registerSecret(v);
      return v;
    }
    try {
      const v = readFileSync(ref.file, 'utf8').trim();
      registerSecret(v);
      return v;
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `cannot read secret file ${ref.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
      return z.NEVER;
    }
  });
