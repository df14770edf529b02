import type { cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import type { iam_v1 } from '@googleapis/iam';

/**
 * The Google Cloud wire shapes the cloud transforms read: the official clients' own schema types (generated from the
 * discovery documents), plus Policy Analyzer's activity, which has no npm client. Field names as Google sends them.
 */
export type GcpProject = cloudresourcemanager_v3.Schema$Project;
export type GcpPolicy = cloudresourcemanager_v3.Schema$Policy;
export type GcpBinding = cloudresourcemanager_v3.Schema$Binding;
export type GcpServiceAccount = iam_v1.Schema$ServiceAccount;
export type GcpServiceAccountKey = iam_v1.Schema$ServiceAccountKey;
export type GcpWorkloadIdentityPool = iam_v1.Schema$WorkloadIdentityPool;
export type GcpWorkloadIdentityPoolProvider = iam_v1.Schema$WorkloadIdentityPoolProvider;

/** The activity types of Policy Analyzer's `activities:query` that Steward reads. */
export const SA_LAST_AUTHENTICATION = 'serviceAccountLastAuthentication';
export const KEY_LAST_AUTHENTICATION = 'serviceAccountKeyLastAuthentication';
export type LastAuthenticationType = typeof SA_LAST_AUTHENTICATION | typeof KEY_LAST_AUTHENTICATION;

/** One nested reference inside an activity (`serviceAccount` or `serviceAccountKey`). */
export interface GcpActivityResourceRef {
  fullResourceName?: string | null;
  projectNumber?: string | null;
  serviceAccountId?: string | null;
}

/**
 * GoogleCloudPolicyanalyzerV1Activity (policyanalyzer.v1 discovery). `activity` is a free-form struct; for the two
 * last-authentication types it holds `lastAuthenticatedTime` and the resource under `serviceAccount` or
 * `serviceAccountKey` (each with its own `fullResourceName`, `//iam.googleapis.com/projects/…`).
 */
export interface GcpActivity {
  fullResourceName?: string | null;
  activityType?: string | null;
  activity?: {
    lastAuthenticatedTime?: string | null;
    serviceAccount?: GcpActivityResourceRef | null;
    serviceAccountKey?: GcpActivityResourceRef | null;
  } | null;
  observationPeriod?: { startTime?: string | null; endTime?: string | null } | null;
}

/** GoogleCloudPolicyanalyzerV1QueryActivityResponse. */
export interface GcpQueryActivityResponse {
  activities?: GcpActivity[];
  nextPageToken?: string;
}
