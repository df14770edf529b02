import type { RiskDefinition } from '../../analysis/risk/catalogue.js';

/** CIS GCP Foundations 1.7: user-managed keys are rotated every 90 days or fewer. */
export const CIS_KEY_ROTATION_DAYS = 90;

/** The key age google-sa-key-not-rotated allows: the stricter of the configured rotationDays and CIS's 90 days. */
export const keyRotationDays = (rotationDays: number): number => Math.min(rotationDays, CIS_KEY_ROTATION_DAYS);

/** The Google Cloud IAM risks (ids = the Cloud rule ids, rules/cloud.ts), appended to googleRisks (./risks.ts). */
export const cloudRisks: RiskDefinition[] = [
  {
    id: 'google-sa-key-not-rotated',
    platforms: ['google'],
    definition:
      'enabled user-managed service-account key whose validAfterTime is more than min(rotationDays, 90) days before now (CIS GCP 1.7)',
  },
  {
    id: 'google-sa-key-no-expiry',
    platforms: ['google'],
    definition: 'enabled user-managed service-account key whose validBeforeTime is in year 9999 (no expiry)',
  },
  {
    id: 'google-sa-key-exposed',
    platforms: ['google'],
    definition:
      'enabled user-managed key whose extendedStatus holds KEY_EXPOSED or KEY_COMPROMISE_DETECTED, or whose disableReason is …_EXPOSED / …_COMPROMISE_DETECTED',
  },
  {
    id: 'google-sa-key-unused',
    platforms: ['google'],
    definition:
      'enabled user-managed key with known usage (Policy Analyzer read) whose last authentication is more than staleDays ago, or that never authenticated and was created more than staleDays ago',
  },
  {
    id: 'google-sa-owner-editor',
    platforms: ['google'],
    definition:
      'enabled service account named in a project IAM binding of roles/owner or roles/editor (conditional or not)',
  },
  {
    id: 'google-default-sa-broad-role',
    platforms: ['google'],
    definition:
      'enabled Compute Engine (N-compute@developer.gserviceaccount.com) or App Engine (…@appspot.gserviceaccount.com) default service account holding roles/owner or roles/editor on its project',
  },
  {
    id: 'google-disabled-sa-active-keys',
    platforms: ['google'],
    definition: 'disabled service account with at least one enabled user-managed key',
  },
  {
    id: 'google-wif-provider-no-condition',
    platforms: ['google'],
    definition: 'enabled OIDC workload identity pool provider (pool enabled) without attributeCondition',
  },
];
