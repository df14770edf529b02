import { webhookActiveAction } from './webhook-active.js';

/** Re-activates an org or repository webhook (active true): the inverse of deactivating it. */
export const webhookActivate = webhookActiveAction({
  id: 'github.webhook.activate',
  title: 'Re-activate a webhook',
  active: true,
  inverse: 'github.webhook.deactivate',
});
