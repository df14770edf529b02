import type { z } from 'zod';
import type { Identity, PlatformFacts } from '../model/index.js';
import { formatZodError } from '../lib/errors.js';
import { InvalidRecordError } from './failure.js';

/**
 * Validates a freshly parsed identity's attributes (its own, each credential's, each permission's) against the
 * connector's declared facts and keeps the parsed output. A nativeType the facts do not declare, or an attribute that
 * breaks its schema, throws an InvalidRecordError naming platform, tenant, nativeType, identity id and field path:
 * the record is quarantined (src/sync/source-tracker.ts) and its source does not sweep.
 */
export type FactsCheck = (identity: Identity) => void;

export function factsCheck(facts: PlatformFacts, platform: string, tenant: string): FactsCheck {
  // Built once per run, so each record costs one Map lookup.
  const byNativeType = new Map(Object.entries(facts));
  const declared = [...byNativeType.keys()].join(', ') || 'none';
  return (identity) => {
    const schemas = byNativeType.get(identity.nativeType);
    if (!schemas) {
      throw new InvalidRecordError(
        `${emitted(platform, tenant, identity)}, but its facts declare no nativeType "${identity.nativeType}" (declared: ${declared})`,
        identity.nativeId,
      );
    }
    // The identity is the sink's own parse result, so its attributes are replaced in place (no copy per record).
    identity.attributes = checked(schemas.identity, identity.attributes, 'attributes', platform, tenant, identity);
    identity.credentials.forEach((c, i) => {
      c.attributes = checked(
        schemas.credential,
        c.attributes,
        `credentials[${i}].attributes`,
        platform,
        tenant,
        identity,
      );
    });
    identity.permissions.forEach((p, i) => {
      p.attributes = checked(
        schemas.permission,
        p.attributes,
        `permissions[${i}].attributes`,
        platform,
        tenant,
        identity,
      );
    });
  };
}

function checked(
  schema: z.ZodType<Record<string, unknown>>,
  value: unknown,
  path: string,
  platform: string,
  tenant: string,
  identity: Identity,
): Record<string, unknown> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new InvalidRecordError(
    `${emitted(platform, tenant, identity)} with attributes that break its declared facts: ${formatZodError(r.error, path)}`,
    identity.nativeId,
  );
}

const emitted = (platform: string, tenant: string, identity: Identity) =>
  `connector ${platform} (tenant ${tenant}) emitted ${identity.nativeType} identity ${identity.id}`;
