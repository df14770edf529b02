import { z } from 'zod';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

export const FINDING_STATUSES = ['open', 'resolved', 'reopened', 'suppressed'] as const;
export const FindingStatus = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const Evidence = z.object({
  /** Field that triggered the rule, e.g. "credentials[0].lastUsedAt". */
  field: z.string(),
  value: z.unknown(),
  /** Where the value came from, e.g. "credential report" or "GET /orgs/{org}/installations". */
  source: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

export const Finding = z.object({
  /** Stable: `${ruleId}|${identityId}`. */
  id: z.string(),
  ruleId: z.string(),
  identityId: z.string(),
  platform: z.string(),
  tenant: z.string(),
  severity: Severity,
  title: z.string(),
  message: z.string(),
  evidence: z.array(Evidence),
  status: FindingStatus,
  firstSeen: z.string(),
  lastSeen: z.string(),
  resolvedAt: z.string().nullable(),
  /** Why it was resolved: 'no longer true', or 'identity gone' (a complete scan no longer lists the identity). */
  resolvedReason: z.string().nullable().default(null),
  suppression: z.object({ reason: z.string(), by: z.string(), until: z.string().nullable() }).nullable(),
});
export type Finding = z.infer<typeof Finding>;
