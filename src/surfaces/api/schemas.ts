import { z } from 'zod';
import { SEVERITIES } from '../../model/index.js';

/** Response shapes of docs/api.md, as zod schemas: the OpenAPI document is generated from them. */
export const Severity = z.enum(SEVERITIES);
const nullableText = z.string().nullable();

export const Owner = z.object({
  email: nullableText,
  name: nullableText,
  /** The owning person's vendor login, for a person known by no e-mail address. */
  login: nullableText,
  team: nullableText,
  status: nullableText,
  source: nullableText,
  confidence: z.number().nullable(),
});
export type Owner = z.infer<typeof Owner>;

export const IdentityItem = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.string(),
  tenant: z.string(),
  kind: z.string(),
  nativeType: z.string(),
  owner: Owner.nullable(),
  topSeverity: Severity.nullable(),
  openFindings: z.number().int(),
  lastUsedAt: nullableText,
  createdAt: nullableText,
  credentials: z.number().int(),
  goneAt: nullableText,
});
export type IdentityItem = z.infer<typeof IdentityItem>;

export const Finding = z.object({
  id: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: Severity,
  status: z.string(),
  identityId: z.string(),
  identityName: z.string().nullable(),
  platform: z.string(),
  tenant: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  message: z.string(),
  evidence: z.array(z.object({ field: z.string(), value: z.unknown(), source: z.string() })),
  remediation: z.string().optional(),
  suppression: z.object({ reason: z.string(), until: nullableText, by: z.string(), at: nullableText }).nullable(),
  exposure: z.number().int(),
});
export type Finding = z.infer<typeof Finding>;

export const Run = z.object({
  id: z.string(),
  platform: z.string(),
  tenant: z.string(),
  status: z.string(),
  startedAt: z.string(),
  finishedAt: nullableText,
  counts: z.record(z.string(), z.number()),
  sources: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(['complete', 'skipped', 'failed', 'not-run', 'partial']),
      endpoint: nullableText,
      permission: nullableText,
      message: nullableText,
    }),
  ),
});
export type Run = z.infer<typeof Run>;

export const Suggestion = z.object({
  email: nullableText,
  team: nullableText,
  source: z.string(),
  confidence: z.number().nullable(),
  evidence: z.string(),
});

export const OwnershipItem = z.object({
  identity: z.object({ id: z.string(), name: z.string(), platform: z.string(), tenant: z.string() }),
  owner: Owner.nullable(),
  status: z.enum(['owned', 'unverified', 'orphaned', 'departed', 'not-computed']),
  orphanReason: nullableText,
  suggestion: z.object({ email: nullableText, team: nullableText, reason: z.string() }).nullable(),
});

export const Ok = z.object({ ok: z.literal(true) });
export const Anything = z.record(z.string(), z.unknown());
