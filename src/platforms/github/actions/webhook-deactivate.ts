import { webhookActiveAction } from './webhook-active.js';

/** Deactivates an org or repository webhook (active false). */
export const webhookDeactivate = webhookActiveAction({
  id: 'github.webhook.deactivate',
  title: 'Deactivate a webhook',
  active: false,
  inverse: 'github.webhook.activate',
});
