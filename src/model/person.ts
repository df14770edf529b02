import { z } from 'zod';
import { NullableTimestamp } from './identity.js';

export const PERSON_STATUSES = ['active', 'departed', 'disabled'] as const;
export const PersonStatus = z.enum(PERSON_STATUSES);
export type PersonStatus = z.infer<typeof PersonStatus>;

/** A human from an IdP, a vendor's member list or an HR feed. Joined across sources by email. */
export const Person = z.object({
  id: z.string().min(1),
  /** Platform id, or 'hr' for an imported HR feed. */
  source: z.string().min(1),
  tenant: z.string().min(1),
  nativeId: z.string().min(1),
  email: z.string().nullable(),
  name: z.string().nullable().default(null),
  /** Vendor login/handle where there is one (GitHub login, UPN). */
  login: z.string().nullable().default(null),
  status: PersonStatus,
  departedAt: NullableTimestamp.default(null),
  managerEmail: z.string().nullable().default(null),
  team: z.string().nullable().default(null),
  department: z.string().nullable().default(null),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type Person = z.infer<typeof Person>;
export type PersonInput = z.input<typeof Person>;
