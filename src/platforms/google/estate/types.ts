import type { admin_directory_v1, admin_reports_v1 } from '@googleapis/admin';
import type { GoogleCloudData } from './cloud-types.js';

/**
 * The Google tenant the estate generator produces and the emulator serves: plain JSON in the wire shapes of the
 * Directory and Reports APIs (field names and RFC 3339 times as Google sends them), plus the Cloud part.
 */
export interface GoogleEstateData {
  /** Steward's tenant name (the org name). */
  tenant: string;
  /** The Workspace customer id (C0…); `my_customer` in requests means this one. */
  customerId: string;
  domain: string;
  /** The super admin Steward impersonates (options.subject). */
  adminEmail: string;
  users: admin_directory_v1.Schema$User[];
  /** tokens.list answers' items by user id. */
  tokens: Record<string, admin_directory_v1.Schema$Token[]>;
  /** Reports activities of application `token`, newest first (as activities.list returns them). */
  tokenEvents: admin_reports_v1.Schema$Activity[];
  /** Reports activities of application `admin` (domain-wide delegation changes), newest first. */
  adminEvents: admin_reports_v1.Schema$Activity[];
  /** Google Cloud IAM (the GCP part). */
  cloud: GoogleCloudData;
}
