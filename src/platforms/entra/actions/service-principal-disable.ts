import { servicePrincipalEnabledAction } from './service-principal-enabled.js';

/** Disables a service principal (accountEnabled false): no new tokens for the app in this tenant. */
export const servicePrincipalDisable = servicePrincipalEnabledAction({
  id: 'entra.service-principal.disable',
  title: 'Disable a service principal',
  enabled: false,
  inverse: 'entra.service-principal.enable',
});
