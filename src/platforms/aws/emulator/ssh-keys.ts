import { type ActionFn, page, paged, userOf } from './account.js';

/**
 * Per-user credential lists: ListSSHPublicKeys and ListSigningCertificates.
 *
 * ListSSHPublicKeys of one user (UserName; without it IAM answers for the caller, whose keys the emulator's scanner
 * does not hold), paged by Marker/MaxItems. Metadata only, in the member order of botocore's SSHPublicKeyMetadata.
 */
export const SSH_KEY_ACTIONS: Record<string, ActionFn> = {
  ListSSHPublicKeys: (v, p) => {
    const u = p.has('UserName') ? userOf(v, p) : null;
    const pg = page(u?.sshPublicKeys ?? [], p, 'sshkeys');
    return {
      SSHPublicKeys: pg.items.map((k) => ({
        UserName: u!.userName,
        SSHPublicKeyId: k.sshPublicKeyId,
        Status: k.status,
        UploadDate: k.uploadDate,
      })),
      ...paged(pg),
    };
  },
};

/** A stand-in PEM body (botocore requires CertificateBody; the connector does not read it). */
const PEM = (id: string) => `-----BEGIN CERTIFICATE-----\nMIIB${id}\n-----END CERTIFICATE-----\n`;

/** ListSigningCertificates of one user, paged; members in the order of botocore's SigningCertificate. */
export const SIGNING_CERTIFICATE_ACTIONS: Record<string, ActionFn> = {
  ListSigningCertificates: (v, p) => {
    const u = p.has('UserName') ? userOf(v, p) : null;
    const pg = page(u?.signingCertificates ?? [], p, 'certs');
    return {
      Certificates: pg.items.map((c) => ({
        UserName: u!.userName,
        CertificateId: c.certificateId,
        CertificateBody: PEM(c.certificateId),
        Status: c.status,
        UploadDate: c.uploadDate,
      })),
      ...paged(pg),
    };
  },
};
