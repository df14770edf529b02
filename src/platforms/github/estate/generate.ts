import type { PlatformGenerateContext, PlatformGenerator } from '../../../emulation/estate/generator.js';
import { allocate } from './allocate.js';
import { createContext } from './context.js';
import { generateCredentialAuthorizations } from './credential-authorizations.js';
import { generateDeployKeys } from './deploy-keys.js';
import { enterpriseOf } from './enterprise.js';
import { generateHooks } from './hooks.js';
import { generateInstallations } from './installations.js';
import { generateMembers } from './members.js';
import { generateOidcSubTemplates } from './oidc-sub-templates.js';
import { generatePats } from './personal-access-tokens.js';
import { generateRepositories } from './repositories.js';
import { generateRunnerGroups } from './runner-groups.js';
import { generateSecretScanningAlerts } from './secret-scanning-alerts.js';
import {
  generateDependabotRepoSecrets,
  generateEnvironmentSecrets,
  generateOrgSecretStores,
  generateOrgSecrets,
  generateRepoSecrets,
} from './secrets.js';
import type { GitHubEstateData } from './types.js';

export { allocate } from './allocate.js';
export type { GitHubEstateData } from './types.js';

/**
 * GitHub organization generator. One org (tenant = `<org>-corp`), its members, repositories and every NHI source
 * the GitHub connector reads, one file per resource. Each labels what it serves through ./oracle.ts, with permission
 * tiers from the estate's own ./catalogue.ts (never the connector's mapping).
 *
 * Membership policy (documented in docs/connectors/github.md): active people are all members; about half of the
 * departed people were never removed from the GitHub org (offboarding gap) and keep their PATs, SSH keys, OAuth
 * tokens and fine-grained PAT grants; the others were removed, which (as on GitHub) also removed their SSO
 * credential authorizations and PAT grants — but deploy keys they added stay, still naming them in added_by.
 *
 * The generators draw from one seeded rng, so the order of the calls below is part of every estate's identity.
 */
export const githubGenerator: PlatformGenerator<GitHubEstateData> = {
  platform: 'github',
  weight: 40,
  generate({ org: company, rng, count, now }: PlatformGenerateContext) {
    const c = createContext(company, rng, now);
    const n = allocate(count);
    const members = generateMembers(c);
    const repos = generateRepositories(c, count);
    const { apps, installations } = generateInstallations(c, n.installation);
    const credentialAuthorizations = generateCredentialAuthorizations(c, n);
    const { patGrants, patRequests } = generatePats(c, n);
    const orgSecrets = generateOrgSecrets(c, n.org_secret);
    const orgHooks = generateHooks(c, n.org_hook, n.repo_hook);
    generateDeployKeys(c, n.deploy_key);
    generateRepoSecrets(c, n.repo_secret);
    const { dependabotOrgSecrets, codespacesOrgSecrets } = generateOrgSecretStores(
      c,
      n.dependabot_org_secret,
      n.codespaces_org_secret,
    );
    generateDependabotRepoSecrets(c, n.dependabot_repo_secret);
    generateEnvironmentSecrets(c, n.environment_secret);
    const runnerGroups = generateRunnerGroups(c, n.runner_group);
    const oidcSubTemplate = generateOidcSubTemplates(c, n.oidc_sub_template);
    const secretScanningAlerts = generateSecretScanningAlerts(c, n.secret_scanning_alert);
    const data: GitHubEstateData = {
      org: {
        login: c.orgLogin,
        id: c.orgId,
        name: `${company.name[0].toUpperCase()}${company.name.slice(1)} Corp`,
        created_at: rng.daysAgo(now, 3200),
        email: `github-admins@${company.domain}`,
      },
      members,
      apps,
      repos,
      installations,
      credentialAuthorizations,
      patGrants,
      patRequests,
      orgSecrets,
      orgHooks,
      dependabotOrgSecrets,
      codespacesOrgSecrets,
      runnerGroups,
      oidcSubTemplate,
      secretScanningAlerts,
      enterprise: enterpriseOf(company, now),
      scanner: { appId: apps[0].id, appSlug: apps[0].slug, installationId: installations[0].id },
    };
    return { data, identities: c.labels };
  },
};
