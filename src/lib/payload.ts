/**
 * Vendor payloads are typed by their documentation, not checked field by field: a changed or broken API can send
 * a field of another type, a null list element or no list at all. `guardPayload` turns the engine errors such a
 * payload causes deep inside a pure transform (TypeError and kin) into one clear Error naming the vendor object,
 * so the tenant's scan fails with a readable message (exit 3) instead of a stack from inside the transform.
 */
const ENGINE_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, URIError];

export class PayloadError extends Error {}

export function guardPayload<A extends unknown[], R>(
  describe: (...args: A) => string,
  transform: (...args: A) => R,
): (...args: A) => R {
  return (...args: A): R => {
    try {
      return transform(...args);
    } catch (error) {
      if (!ENGINE_ERRORS.some((c) => error instanceof c)) throw error;
      let what: string;
      try {
        what = describe(...args);
      } catch {
        what = 'an object';
      }
      throw new PayloadError(`${what}: malformed API payload (${(error as Error).message.split('\n')[0]})`);
    }
  };
}

/** A short printable id of a payload field for messages (never more than 80 characters). */
export const idOf = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 80) : '?';
