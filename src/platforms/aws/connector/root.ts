import { identityId, type CredentialInput, type IdentityInput } from '../../../model/index.js';
import { humanUseEvidence, maxIso, REPORT_SOURCE, type TransformContext } from './context.js';
import type { CredentialReportRow } from './credential-report.js';
import { guardPayload } from '../../../lib/payload.js';

/**
 * The account root user, known only from the credential report's `<root_account>` row (emitted when that row
 * shows an access key). Its keys have no listable id: the report's slot names them. Pure transform.
 */
function transformRootUnguarded(row: CredentialReportRow, ctx: TransformContext): IdentityInput {
  const id = identityId('aws', ctx.tenant, 'root', ctx.accountId);
  const credentials = rootKeys(id, row);
  const evidence = humanUseEvidence(ctx, row.passwordLastUsed, 'root user');
  return {
    id,
    platform: 'aws',
    tenant: ctx.tenant,
    kind: 'service_account',
    nativeType: 'root',
    nativeId: ctx.accountId,
    name: 'root',
    createdAt: row.userCreationTime,
    lastUsedAt: maxIso([...credentials.map((c) => c.lastUsedAt), row.passwordLastUsed]),
    lastUsedSource: REPORT_SOURCE,
    enabled: true,
    interactive: true,
    attributes: {
      arn: row.arn,
      accountId: ctx.accountId,
      mfaActive: row.mfaActive,
      passwordLastUsed: row.passwordLastUsed,
      ...(evidence ? { humanUseEvidence: evidence } : {}),
    },
    credentials,
    permissions: [
      {
        nativeName: '*',
        resource: '*',
        access: 'admin',
        sensitivity: 'high',
        pathToAdmin: false,
        source: 'root user (implicit)',
        attributes: {},
      },
    ],
    ownerClaims: [],
  };
}

function rootKeys(id: string, row: CredentialReportRow): CredentialInput[] {
  return row.keys.map((k) => ({
    id: `${id}:access_key_${k.slot}`,
    type: 'access_key',
    name: `root access key ${k.slot}`,
    createdAt: k.lastRotated,
    lastUsedAt: k.lastUsedDate,
    lastUsedSource: REPORT_SOURCE,
    enabled: k.active,
    attributes: {
      slot: k.slot,
      lastUsedService: k.lastUsedService,
      lastUsedRegion: k.lastUsedRegion,
      supportsExpiry: false,
    },
  }));
}

/** transformRoot with malformed-payload errors naming the object (src/lib/payload.ts). */
export const transformRoot = guardPayload(
  (_row: CredentialReportRow, _ctx: TransformContext) => 'AWS root user (credential report)',
  transformRootUnguarded,
);
