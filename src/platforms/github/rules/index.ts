import type { Rule } from '../../../analysis/risk/types.js';
import { rule as githubActionsSecretStale } from './github-actions-secret-stale.js';
import { rule as githubAppOrgWideSensitiveWrite } from './github-app-org-wide-sensitive-write.js';
import { rule as githubDependabotCodespacesSecretStale } from './github-dependabot-codespaces-secret-stale.js';
import { rule as githubDeployKeyWrite } from './github-deploy-key-write.js';
import { rule as githubOidcSubTemplateBroad } from './github-oidc-sub-template-broad.js';
import { rule as githubPatNoExpiry } from './github-pat-no-expiry.js';
import { rule as githubSecretLeaked } from './github-secret-leaked.js';
import { rule as githubSecretLeakedUnverified } from './github-secret-leaked-unverified.js';
import { rule as githubStaticCloudKeySecret } from './github-static-cloud-key-secret.js';
import { rule as githubRunnerGroupOpen } from './github-runner-group-open.js';
import { rule as githubWebhookInsecure } from './github-webhook-insecure.js';

/** This platform's rules, one file each (ids = ../risks.ts). */
export const githubRules: Rule[] = [
  githubAppOrgWideSensitiveWrite,
  githubDeployKeyWrite,
  githubActionsSecretStale,
  githubDependabotCodespacesSecretStale,
  githubPatNoExpiry,
  githubWebhookInsecure,
  githubRunnerGroupOpen,
  githubOidcSubTemplateBroad,
  githubStaticCloudKeySecret,
  githubSecretLeaked,
  githubSecretLeakedUnverified,
];
