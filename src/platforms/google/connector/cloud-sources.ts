import type { SourceSpec } from '../../../sync/sources.js';
import { CLOUD_CALLS } from './cloud-endpoints.js';

/** The Cloud sources' ids (connector/cloud.ts reads them in this order, project by project). */
export const CLOUD_SOURCE = {
  projects: 'cloud-projects',
  policies: 'cloud-iam-policies',
  lastAuthentication: 'cloud-last-authentication',
  serviceAccounts: 'cloud-service-accounts',
  keys: 'cloud-sa-keys',
  workloadIdentity: 'cloud-workload-identity',
} as const;

/**
 * The Google Cloud sources, appended to GOOGLE_SOURCES (./sources.ts). Endpoints are the discovery documents' flat
 * paths; permissions name the IAM permission and the predefined role that holds it (docs/connectors/google.md).
 * None is required: a Workspace-only view is still worth having, and a project the credential cannot read leaves
 * its part unknown (nothing of it swept) while the others are read.
 */
export const CLOUD_SOURCES: readonly SourceSpec[] = [
  {
    id: CLOUD_SOURCE.projects,
    title: 'the Google Cloud projects the credential can see (unless options.projects names them)',
    endpoints: [CLOUD_CALLS.searchProjects],
    permission: 'resourcemanager.projects.get (roles/browser) on the projects, scope cloud-platform',
    required: false,
  },
  {
    id: CLOUD_SOURCE.policies,
    title: "each project's IAM policy: roles granted to service accounts and workload identity pools",
    endpoints: [CLOUD_CALLS.getIamPolicy],
    permission: 'resourcemanager.projects.getIamPolicy (roles/iam.securityReviewer)',
    required: false,
    fills: { nativeTypes: ['service_account', 'workload_identity_provider'], fields: ['permissions', 'ownerClaims'] },
  },
  {
    id: CLOUD_SOURCE.lastAuthentication,
    title: 'when each service account and each key last authenticated (Policy Analyzer, daily)',
    endpoints: [CLOUD_CALLS.queryActivities],
    permission:
      'policyanalyzer.serviceAccountLastAuthenticationActivities.query and …KeyLastAuthenticationActivities.query (roles/policyanalyzer.activityAnalysisViewer)',
    required: false,
    fills: { nativeTypes: ['service_account'], fields: ['lastUsedAt', 'credentials'] },
  },
  {
    id: CLOUD_SOURCE.serviceAccounts,
    title: "each project's service accounts",
    endpoints: [CLOUD_CALLS.listServiceAccounts],
    permission: 'iam.serviceAccounts.list (roles/iam.serviceAccountViewer)',
    required: false,
    lists: ['service_account'],
  },
  {
    id: CLOUD_SOURCE.keys,
    title: "each service account's user-managed keys",
    endpoints: [CLOUD_CALLS.listKeys],
    permission: 'iam.serviceAccountKeys.list (roles/iam.serviceAccountKeyViewer or roles/iam.serviceAccountViewer)',
    required: false,
    fills: { nativeTypes: ['service_account'], fields: ['credentials'] },
  },
  {
    id: CLOUD_SOURCE.workloadIdentity,
    title: "each project's workload identity pools and their providers",
    endpoints: [CLOUD_CALLS.listPools, CLOUD_CALLS.listProviders],
    permission:
      'iam.workloadIdentityPools.list, iam.workloadIdentityPoolProviders.list (roles/iam.workloadIdentityPoolViewer)',
    required: false,
    lists: ['workload_identity_provider'],
  },
];

/**
 * Raw field names of Cloud payloads whose values are secrets: a key's private half (only in a create answer, never
 * in what Steward reads) and an OIDC provider's inline JWKS is public, so only the key material is listed.
 */
export const CLOUD_SECRET_FIELDS: readonly string[] = ['privateKeyData'];
