import { z } from 'zod';

/**
 * A relation between two things Steward knows (identities, or external principals by a stable reference):
 * e.g. an AWS role `trusted_by` a GitHub repository's Actions OIDC tokens. The graph work builds on these.
 */
export const Edge = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  kind: z.string().min(1),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type Edge = z.infer<typeof Edge>;
export type EdgeInput = z.input<typeof Edge>;
