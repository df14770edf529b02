import type { RiskDefinition } from '../../analysis/risk/catalogue.js';

/** The planted risks this platform's rules find (ids = rule ids); the estate generator labels by these definitions. */
export const githubRisks: RiskDefinition[] = [
  {
    id: 'github-app-org-wide-sensitive-write',
    platforms: ['github'],
    definition:
      'App installation with repository_selection "all" and write/admin on administration, secrets, workflows or organization_administration',
  },
  { id: 'github-deploy-key-write', platforms: ['github'], definition: 'deploy key with read_only false' },
  {
    id: 'github-actions-secret-stale',
    platforms: ['github'],
    definition: 'Actions secret (organization, repository or environment) whose updated_at is older than rotationDays',
  },
  {
    id: 'github-dependabot-codespaces-secret-stale',
    platforms: ['github'],
    definition:
      'Dependabot (organization or repository) or organization Codespaces secret whose updated_at is older than rotationDays',
  },
  {
    id: 'github-pat-no-expiry',
    platforms: ['github'],
    definition: 'personal access token (fine-grained grant or SSO-authorized PAT) with no expiry',
  },
  {
    id: 'github-webhook-insecure',
    platforms: ['github'],
    definition: 'webhook whose config url is http:// or insecure_ssl is "1"',
  },
  {
    id: 'github-runner-group-open',
    platforms: ['github'],
    definition: 'self-hosted runner group with visibility "all" and allows_public_repositories true',
  },
  {
    id: 'github-oidc-sub-template-broad',
    platforms: ['github'],
    definition:
      'custom Actions OIDC subject template (org, or a repository with its own include_claim_keys) with no repository claim key (repo, repository, repository_id, workflow_ref, job_workflow_ref)',
  },
  {
    id: 'github-static-cloud-key-secret',
    platforms: ['github'],
    definition:
      'Actions secret (organization, repository or environment) named like a static AWS, Azure or Google Cloud key',
  },
  {
    id: 'github-secret-leaked',
    platforms: ['github'],
    definition: 'open secret-scanning alert whose validity is "active"',
  },
  {
    id: 'github-secret-leaked-unverified',
    platforms: ['github'],
    definition: 'open secret-scanning alert whose validity is "unknown" or "inactive"',
  },
];
