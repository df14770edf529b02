import { describe, expect, it } from 'vitest';
import { roleTier } from '../connector/cloud-roles.js';
import { POOL_ROLES, SA_ROLES } from './cloud-catalogue.js';

/**
 * The estate's own role catalogue against the connector's role table (the one module of estate/ that reads the
 * connector): every role both know must get the same tier, or the labels and the findings would disagree.
 */
const ALLOWED_DIFFERENCES: Record<string, string> = {};

describe('Google Cloud role catalogue agrees with the connector', () => {
  it.each([...SA_ROLES, ...POOL_ROLES].map((r) => [r.role, r] as const))('%s', (role, r) => {
    if (ALLOWED_DIFFERENCES[role]) return;
    expect(roleTier(role)).toEqual({ access: r.access, sensitivity: r.sensitivity, pathToAdmin: r.pathToAdmin });
  });
});
