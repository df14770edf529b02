/**
 * The shared vocabulary of planted risks. Each id is also the id of the built-in rule that must find it, so the
 * generator's labels and the rule pack can be compared (recall/precision). Definitions are exact: a generator
 * labels an identity with a risk if and only if the definition holds for the data it serves, using
 * DEFAULT_THRESHOLDS (src/config/thresholds.ts) and the estate's `now`.
 */
export { DEFAULT_THRESHOLDS, type Thresholds } from '../../config/thresholds.js';

export interface RiskDefinition {
  id: string;
  platforms: 'all' | string[];
  definition: string;
}

/** The generic risks (rules in ./rules/); each platform lists its own in src/platforms/<id>/risks.ts. */
export const RISK_CATALOGUE: RiskDefinition[] = [
  {
    id: 'nhi-stale',
    platforms: 'all',
    definition: 'enabled identity whose lastUsedAt is set and older than staleDays',
  },
  {
    id: 'nhi-never-used',
    platforms: 'all',
    definition:
      'enabled identity with usage tracking (lastUsedSource set) but lastUsedAt null, created more than staleDays ago',
  },
  {
    id: 'nhi-no-owner',
    platforms: 'all',
    definition: 'no owner can be attributed from any source (label.owner is null)',
  },
  {
    id: 'nhi-owner-departed',
    platforms: 'all',
    definition: 'the attributed owner is a person whose status is departed',
  },
  {
    id: 'nhi-admin-privilege',
    platforms: 'all',
    definition: 'holds a permission with access "admin" or pathToAdmin true',
  },
  {
    id: 'credential-not-rotated',
    platforms: 'all',
    definition: 'an enabled credential (not federated/webhook_secret) created more than rotationDays ago',
  },
  {
    id: 'credential-long-lived',
    platforms: 'all',
    definition:
      'an enabled credential whose vendor supports expiry (attributes.supportsExpiry true) has no expiry, or expiresAt - createdAt > maxSecretLifetimeDays',
  },
  {
    id: 'credential-expired',
    platforms: 'all',
    definition: 'a credential with expiresAt in the past is still present',
  },
  {
    id: 'credential-expiring',
    platforms: 'all',
    definition: 'an enabled credential expires within expiryWarningDays (and is not yet expired)',
  },
  {
    id: 'multiple-active-keys',
    platforms: 'all',
    definition: 'two or more enabled credentials of type access_key or client_secret',
  },
  {
    id: 'third-party-high-risk-scopes',
    platforms: 'all',
    definition: 'thirdParty identity holding a permission with access write or admin and sensitivity high',
  },
  {
    id: 'unverified-publisher',
    platforms: 'all',
    definition: 'thirdParty identity whose publisher is set and not verified',
  },
  {
    id: 'tenant-wide-grant',
    platforms: 'all',
    definition:
      'holds a permission with attributes.tenantWide true (admin consent for all users, domain-wide delegation)',
  },
  {
    id: 'credential-reused',
    platforms: 'all',
    definition: 'a credential fingerprint also appears on another identity',
  },
  {
    id: 'nhi-interactive',
    platforms: 'all',
    definition: 'identity.interactive is true (console password or interactive sign-in possible)',
  },
  {
    id: 'nhi-used-by-human',
    platforms: 'all',
    definition: 'identity.attributes.humanUseEvidence is a non-empty string (e.g. console sign-in within staleDays)',
  },
];
