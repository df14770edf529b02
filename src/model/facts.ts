import { z } from 'zod';

/**
 * Typed facts: what a connector puts in the free-form `attributes` of one `nativeType`'s identities, credentials
 * and permissions, as zod schemas. The sync engine validates every record against its platform's schemas at the
 * sink, and platform rules read the inferred types (src/analysis/risk/platform-rule.ts), so a rule can only read a
 * fact its connector emits.
 */
export interface NativeTypeFacts<
  I extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
  C extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
  P extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
> {
  identity: I;
  credential: C;
  permission: P;
}

/** Every nativeType a platform's connector emits, with its facts. */
export type PlatformFacts = Record<string, NativeTypeFacts>;

/**
 * Facts every platform may set, read by the generic rules. A platform's schemas extend these (`commonIdentityFacts`
 * etc.), so the generic rules' fields have one spelling everywhere.
 */
export const commonIdentityFacts = {
  /** Why a human seems to use this NHI (e.g. "console sign-in 2026-10-01"), read by nhi-used-by-human. */
  humanUseEvidence: z.string().optional(),
};
export const commonCredentialFacts = {
  /** The vendor lets this credential carry an expiry, so "no expiry" is a choice (credential-long-lived). */
  supportsExpiry: z.boolean().optional(),
};
export const commonPermissionFacts = {
  /** Granted for the whole tenant at once (admin consent for all users, domain-wide delegation): tenant-wide-grant. */
  tenantWide: z.boolean().optional(),
};

/** The common facts as the generic rules read them (every platform's schemas include them). */
export type CommonIdentityFacts = z.output<z.ZodObject<typeof commonIdentityFacts>>;
export type CommonCredentialFacts = z.output<z.ZodObject<typeof commonCredentialFacts>>;
export type CommonPermissionFacts = z.output<z.ZodObject<typeof commonPermissionFacts>>;

const EMPTY_CREDENTIAL = z.strictObject(commonCredentialFacts);
const EMPTY_PERMISSION = z.strictObject(commonPermissionFacts);

/**
 * Declares one nativeType's facts. Objects are strict: an attribute the schema does not name is an error at the
 * sink, so schemas stay the complete list of what the connector emits. Common facts are added to each part.
 */
export function nativeTypeFacts<
  I extends z.ZodRawShape,
  C extends z.ZodRawShape = Record<never, never>,
  P extends z.ZodRawShape = Record<never, never>,
>(parts: { identity: I; credential?: C; permission?: P }) {
  return {
    identity: z.strictObject({ ...commonIdentityFacts, ...parts.identity }),
    credential: parts.credential ? z.strictObject({ ...commonCredentialFacts, ...parts.credential }) : EMPTY_CREDENTIAL,
    permission: parts.permission ? z.strictObject({ ...commonPermissionFacts, ...parts.permission }) : EMPTY_PERMISSION,
  } as {
    identity: z.ZodObject<typeof commonIdentityFacts & I, z.core.$strict>;
    credential: z.ZodObject<typeof commonCredentialFacts & C, z.core.$strict>;
    permission: z.ZodObject<typeof commonPermissionFacts & P, z.core.$strict>;
  };
}

export type IdentityFactsOf<F extends NativeTypeFacts> = z.output<F['identity']>;
export type CredentialFactsOf<F extends NativeTypeFacts> = z.output<F['credential']>;
export type PermissionFactsOf<F extends NativeTypeFacts> = z.output<F['permission']>;

/** Every attribute name a platform's facts declare (identity, credential and permission parts of every nativeType). */
export function declaredAttributeNames(facts: PlatformFacts): Set<string> {
  const names = new Set<string>();
  for (const parts of Object.values(facts)) {
    for (const schema of [parts.identity, parts.credential, parts.permission]) {
      if (schema instanceof z.ZodObject) for (const key of Object.keys(schema.shape)) names.add(key);
    }
  }
  return names;
}
