import { createHash } from 'node:crypto';
import { UserError } from '../lib/errors.js';

/**
 * Canonical JSON (object keys sorted at every depth, no whitespace; arrays keep their order), so the same plan always
 * hashes the same, whichever engine stored it and in whatever key order it was built.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Exit code of a refusal (not approved by someone else, changed after approval, broken audit chain). */
export const REFUSED_EXIT = 5;

/** A safety check refused: nothing was done. */
export class RemediationRefused extends UserError {
  constructor(message: string) {
    super(message, REFUSED_EXIT);
    this.name = 'RemediationRefused';
  }
}

/** An error as an item's outcome: the SDK's call, its error name and message (never a request body). */
export const errorText = (error: unknown) => {
  const e = error as { name?: string; message?: string; details?: { call?: string } };
  return [e.details?.call, e.name && e.name !== 'Error' ? e.name : null, e.message ?? String(error)]
    .filter(Boolean)
    .join(': ');
};
