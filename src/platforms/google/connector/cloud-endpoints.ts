/**
 * The Cloud calls as the discovery documents' flat paths (iam v1, cloudresourcemanager v3, policyanalyzer v1):
 * what GoogleCalls counts and names in errors, what CLOUD_SOURCES declare, and what emulator endpoint faults match.
 */
export const CLOUD_CALLS = {
  searchProjects: 'GET /v3/projects:search',
  getIamPolicy: 'POST /v3/projects/{projectsId}:getIamPolicy',
  listServiceAccounts: 'GET /v1/projects/{projectsId}/serviceAccounts',
  listKeys: 'GET /v1/projects/{projectsId}/serviceAccounts/{serviceAccountsId}/keys',
  queryActivities:
    'GET /v1/projects/{projectsId}/locations/{locationsId}/activityTypes/{activityTypesId}/activities:query',
  listPools: 'GET /v1/projects/{projectsId}/locations/{locationsId}/workloadIdentityPools',
  listProviders:
    'GET /v1/projects/{projectsId}/locations/{locationsId}/workloadIdentityPools/{workloadIdentityPoolsId}/providers',
} as const;
