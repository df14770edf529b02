import type { RiskDefinition } from '../../analysis/risk/catalogue.js';

/** The planted risks this platform's rules find (ids = rule ids); the estate generator labels by these definitions. */
export const entraRisks: RiskDefinition[] = [
  {
    id: 'entra-full-access-as-app',
    platforms: ['entra'],
    definition: 'service principal holds the Exchange application permission full_access_as_app',
  },
  {
    id: 'entra-directory-readwrite-all',
    platforms: ['entra'],
    definition: 'service principal holds Directory.ReadWrite.All (application or delegated)',
  },
  {
    id: 'entra-unowned-high-privilege',
    platforms: ['entra'],
    definition: 'application/service principal without explicit owners that holds an admin or pathToAdmin permission',
  },
  {
    id: 'entra-sp-credential',
    platforms: ['entra'],
    definition:
      'a password or certificate credential is set on the service principal itself rather than on its application',
  },
  {
    id: 'entra-sp-privileged-directory-role',
    platforms: ['entra'],
    definition:
      'service principal or managed identity holds Global Administrator, Privileged Role Administrator or Application Administrator at directory scope /',
  },
  {
    id: 'entra-sp-elevated-directory-role',
    platforms: ['entra'],
    definition:
      'service principal or managed identity holds Cloud Application Administrator or Privileged Authentication Administrator at directory scope /',
  },
  {
    id: 'entra-agent-identity-no-sponsor',
    platforms: ['entra'],
    definition: 'Entra Agent ID agent identity with no sponsor (no user or group accountable for the agent)',
  },
  {
    id: 'entra-risky-service-principal',
    platforms: ['entra'],
    definition:
      'Identity Protection rates the service principal high risk with risk state atRisk, or any level confirmedCompromised',
  },
  {
    id: 'entra-risky-service-principal-medium',
    platforms: ['entra'],
    definition: 'Identity Protection rates the service principal medium risk with risk state atRisk',
  },
  {
    id: 'entra-app-instance-lock-off',
    platforms: ['entra'],
    definition:
      'multi-tenant application (AzureADMultipleOrgs or AzureADandPersonalMicrosoftAccount) whose app instance property lock is absent, disabled or does not cover credentials with usage Verify',
  },
];
