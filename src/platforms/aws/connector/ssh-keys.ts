import { type IAMClient, ListSSHPublicKeysCommand, type SSHPublicKeyMetadata } from '@aws-sdk/client-iam';
import { guardPayload, idOf } from '../../../lib/payload.js';
import { identityId, type CredentialInput } from '../../../model/index.js';
import { VendorCallError } from '../../../sync/failure.js';
import { iso } from './context.js';
import { SSH_KEYS } from './sources.js';
import type { UserCredentialList } from './user-credential-lists.js';

/**
 * IAM users' SSH public keys (CodeCommit over SSH): ListSSHPublicKeys, one call per user the scan emits as an NHI
 * (the credential report has no SSH-key columns, so no cheaper listing exists). The List output is enough: id, status
 * and upload date; the key body and fingerprint (GetSSHPublicKey) are not read.
 */

/** ListSSHPublicKeys of one user (IAM allows five keys a user; 100 a page leaves no second page). */
async function listSshKeys(client: IAMClient, userName: string): Promise<SSHPublicKeyMetadata[]> {
  const out = await client.send(new ListSSHPublicKeysCommand({ UserName: userName, MaxItems: 100 }));
  if (out.IsTruncated)
    throw new VendorCallError(`ListSSHPublicKeys for ${userName} was truncated (more than 100 keys?)`, {
      call: 'iam:ListSSHPublicKeys',
    });
  return out.SSHPublicKeys ?? [];
}

/** One SSH public key → a Steward credential of its user (pure). */
function sshKeyCredentialUnguarded(tenant: string, key: SSHPublicKeyMetadata): CredentialInput {
  if (!key.SSHPublicKeyId) throw new Error('IAM SSH public key without SSHPublicKeyId');
  return {
    id: identityId('aws', tenant, 'ssh_key', key.SSHPublicKeyId),
    type: 'ssh_key',
    name: key.SSHPublicKeyId,
    createdAt: iso(key.UploadDate),
    expiresAt: null,
    // IAM reports no last use of SSH public keys.
    lastUsedAt: null,
    lastUsedSource: null,
    fingerprint: null,
    enabled: key.Status === 'Active',
    attributes: { status: key.Status ?? null, lastUsedService: null, lastUsedRegion: null, supportsExpiry: false },
  };
}

export const sshKeyCredential = guardPayload(
  (_tenant: string, key: SSHPublicKeyMetadata) => `IAM SSH public key ${idOf(key.SSHPublicKeyId)}`,
  sshKeyCredentialUnguarded,
);

export const SSH_KEY_LIST: UserCredentialList<SSHPublicKeyMetadata> = {
  source: SSH_KEYS,
  action: 'ListSSHPublicKeys',
  idMember: 'SSHPublicKeyId',
  list: listSshKeys,
  idOf: (k) => k.SSHPublicKeyId,
  active: (k) => k.Status === 'Active',
  credential: sshKeyCredential,
};
