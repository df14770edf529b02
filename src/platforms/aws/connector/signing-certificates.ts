import { type IAMClient, ListSigningCertificatesCommand, type SigningCertificate } from '@aws-sdk/client-iam';
import { guardPayload, idOf } from '../../../lib/payload.js';
import { identityId, type CredentialInput } from '../../../model/index.js';
import { VendorCallError } from '../../../sync/failure.js';
import { iso } from './context.js';
import { SIGNING_CERTIFICATES } from './sources.js';
import type { UserCredentialList } from './user-credential-lists.js';

/**
 * IAM users' X.509 signing certificates (SOAP-era APIs): ListSigningCertificates, one call per NHI user whose
 * credential-report row shows a certificate (`cert_1_*`/`cert_2_*`), or that has no row. Id, status and upload date
 * are read; the certificate body (public) is not kept.
 */

/** ListSigningCertificates of one user (IAM allows two a user; 100 a page leaves no second page). */
async function listCertificates(client: IAMClient, userName: string): Promise<SigningCertificate[]> {
  const out = await client.send(new ListSigningCertificatesCommand({ UserName: userName, MaxItems: 100 }));
  if (out.IsTruncated)
    throw new VendorCallError(`ListSigningCertificates for ${userName} was truncated (more than 100?)`, {
      call: 'iam:ListSigningCertificates',
    });
  return out.Certificates ?? [];
}

/** One signing certificate → a Steward credential of its user (pure). */
function signingCertificateCredentialUnguarded(tenant: string, cert: SigningCertificate): CredentialInput {
  if (!cert.CertificateId) throw new Error('IAM signing certificate without CertificateId');
  return {
    id: identityId('aws', tenant, 'signing_certificate', cert.CertificateId),
    type: 'certificate',
    name: cert.CertificateId,
    createdAt: iso(cert.UploadDate),
    // ListSigningCertificates does not return the certificate's validity (it is inside CertificateBody, not parsed).
    expiresAt: null,
    lastUsedAt: null,
    lastUsedSource: null,
    fingerprint: null,
    enabled: cert.Status === 'Active',
    attributes: { status: cert.Status ?? null, lastUsedService: null, lastUsedRegion: null, supportsExpiry: false },
  };
}

export const signingCertificateCredential = guardPayload(
  (_tenant: string, cert: SigningCertificate) => `IAM signing certificate ${idOf(cert.CertificateId)}`,
  signingCertificateCredentialUnguarded,
);

export const SIGNING_CERTIFICATE_LIST: UserCredentialList<SigningCertificate> = {
  source: SIGNING_CERTIFICATES,
  action: 'ListSigningCertificates',
  idMember: 'CertificateId',
  list: listCertificates,
  idOf: (c) => c.CertificateId,
  active: (c) => c.Status === 'Active',
  credential: signingCertificateCredential,
};
