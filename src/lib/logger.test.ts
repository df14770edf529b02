import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('logger', () => {
  it('never writes a raw control or bidi character from a message (vendor text)', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (line) => lines.push(line) });
    log.warn('app \u001b]0;pwned\u0007 renamed to invoice\u202efdp.exe\u0000');
    expect(lines).toEqual(['warn  app \\u001b]0;pwned\\u0007 renamed to invoice\\u202efdp.exe']);
  });
});
