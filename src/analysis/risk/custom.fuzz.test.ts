import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../lib/errors.js';
import { view } from '../../testing/views.js';
import { parseCustomRule } from './custom.js';
import { ruleContext } from './evaluate.js';

/** A custom rule file around a condition (and an evidence expression) the property chooses. */
const ruleFile = (condition: string, evidence: string) =>
  [
    'id: fuzz-rule',
    'title: Fuzz',
    'severity: low',
    'description: d',
    'remediation: r',
    'owasp: NHI7:2025',
    'platforms: all',
    'dataRequirement: none',
    `condition: ${JSON.stringify(condition)}`,
    'evidence:',
    `  - { field: f, value: ${JSON.stringify(evidence)}, source: s }`,
  ].join('\n');

/** Pieces of CEL, so the property reaches the checker and the evaluator, not only the parser. */
const celPiece = fc.constantFrom(
  'identity.name',
  'identity.enabled',
  'credentials',
  'permissions.size()',
  '.exists(c, c.enabled)',
  '.all(p, true)',
  ' + 1',
  ' == "x"',
  ' && ',
  ' || ',
  '!',
  '(',
  ')',
  'daysSince(identity.createdAt)',
  'thresholds.staleDays',
  'identity.attributes["k"]',
  ' > 3',
  'null',
  '"\u001b"',
);
const celText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.array(celPiece, { maxLength: 8 }).map((p) => p.join('')),
);

describe('custom CEL rule loading under arbitrary conditions', () => {
  it('either loads a rule that evaluates without throwing, or refuses the file with a usage error', () => {
    const target = view({ name: 'n', credentials: [{ createdAt: '2020-01-01T00:00:00Z' }] });
    const ctx = ruleContext(new Date('2026-11-01T00:00:00Z'));
    fc.assert(
      fc.property(celText, celText, (condition, evidence) => {
        let rule: ReturnType<typeof parseCustomRule>;
        try {
          rule = parseCustomRule(ruleFile(condition, evidence), 'fuzz.yaml');
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          expect((error as Error).message).toMatch(/^fuzz\.yaml/);
          return;
        }
        const state = rule.prepareFromViews?.([target], ctx);
        // A rule that loads may still fail on one identity's data; the evaluator reports that per rule and goes on.
        try {
          rule.evaluate(target, ctx, state);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 300, seed: 1313 },
    );
  });
});
