import type { cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import type { iam_v1 } from '@googleapis/iam';

/** One Policy Analyzer activity as activities:query returns it (policyanalyzer v1; no npm client has its type). */
export interface CloudActivity {
  fullResourceName: string;
  activityType: string;
  activity: {
    lastAuthenticatedTime: string;
    serviceAccount?: { fullResourceName: string; projectNumber: string; serviceAccountId: string };
    serviceAccountKey?: { fullResourceName: string; projectNumber: string; serviceAccountId: string };
  };
  observationPeriod: { startTime: string; endTime: string };
}

/**
 * The Google Cloud data the estate generator produces (estate/cloud.ts) and the emulator serves
 * (emulator/routes/cloud*.ts), in the wire shapes of the IAM v1, Resource Manager v3 and Policy Analyzer v1 APIs.
 * Maps are keyed by project id, service-account email or pool resource name.
 */
export interface GoogleCloudData {
  /** projects.search answers (ACTIVE projects). */
  projects: cloudresourcemanager_v3.Schema$Project[];
  /** projects.getIamPolicy answers by project id (version 3: conditions included). */
  policies: Record<string, cloudresourcemanager_v3.Schema$Policy>;
  /** serviceAccounts.list items by project id. */
  serviceAccounts: Record<string, iam_v1.Schema$ServiceAccount[]>;
  /** keys.list items (user-managed) by service-account email. */
  keys: Record<string, iam_v1.Schema$ServiceAccountKey[]>;
  /** activities:query items by project id and activity type. */
  activities: Record<string, Record<string, CloudActivity[]>>;
  /** workloadIdentityPools.list items by project id. */
  pools: Record<string, iam_v1.Schema$WorkloadIdentityPool[]>;
  /** providers.list items by pool resource name. */
  providers: Record<string, iam_v1.Schema$WorkloadIdentityPoolProvider[]>;
}

export const emptyCloudData = (): GoogleCloudData => ({
  projects: [],
  policies: {},
  serviceAccounts: {},
  keys: {},
  activities: {},
  pools: {},
  providers: {},
});
