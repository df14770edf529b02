/**
 * Default thresholds of the rule pack (`rules.thresholds` in steward.yaml overrides them). They live with the
 * config schema because they are settings; the analysis reads them and the estate generators label with them.
 */
export const DEFAULT_THRESHOLDS = {
  staleDays: 90,
  rotationDays: 365,
  expiryWarningDays: 30,
  maxSecretLifetimeDays: 365,
} as const;
export type Thresholds = { -readonly [K in keyof typeof DEFAULT_THRESHOLDS]: number };
