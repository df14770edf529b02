import { describe, expect, it } from 'vitest';
import * as connector from '../connector/risky-actions.js';
import { GITHUB_OIDC_HOST as CONNECTOR_GITHUB_OIDC_HOST } from '../connector/trust.js';
import * as estate from './catalogue.js';

/**
 * The estate's catalogue of IAM facts (./catalogue.ts, what the labels are computed from) against the connector's
 * mapping table (../connector/risky-actions.ts, what permissions are rated by), on every entry both know.
 *
 * Differences, on purpose:
 * - READ_VERB_PREFIXES and SERVICE_SENSITIVITY exist only in the connector: they rate each permission's access
 *   level and sensitivity, which the AWS labels do not carry (a label lists permission names, admin and escalation
 *   only), so the estate needs no copy.
 * - Nothing else differs: the lists below must stay equal entry for entry (order aside).
 */
const sorted = (list: readonly string[]) => [...list].sort();

describe('AWS estate catalogue vs connector mapping table', () => {
  it('admin actions agree', () => {
    expect(sorted(estate.ADMIN_ACTIONS)).toEqual(sorted(connector.ADMIN_ACTIONS));
  });

  it('privilege-escalation actions agree', () => {
    expect(sorted(estate.ESCALATION_ACTIONS)).toEqual(sorted(connector.ESCALATION_ACTIONS));
  });

  it('compute actions that make iam:PassRole a path to admin agree', () => {
    expect(sorted(estate.PASSROLE_COMPUTE_ACTIONS)).toEqual(sorted(connector.PASSROLE_COMPUTE_ACTIONS));
  });

  it('the GitHub Actions OIDC issuer agrees', () => {
    expect(estate.GITHUB_OIDC_HOST).toBe(CONNECTOR_GITHUB_OIDC_HOST);
  });
});
