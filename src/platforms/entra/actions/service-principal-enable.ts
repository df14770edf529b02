import { servicePrincipalEnabledAction } from './service-principal-enabled.js';

/** Re-enables a service principal (accountEnabled true): the inverse of disabling it. */
export const servicePrincipalEnable = servicePrincipalEnabledAction({
  id: 'entra.service-principal.enable',
  title: 'Re-enable a service principal',
  enabled: true,
  inverse: 'entra.service-principal.disable',
});
