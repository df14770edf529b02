import type { z } from 'zod';

/** Thrown for problems a user can fix (bad config, unreadable file); the CLI prints the message without a stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Formats zod issues as "path.to.key: problem" lines, prefixed with where the value came from. */
export function formatZodError(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
        prefix,
      );
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('\n');
}
