/**
 * Notifications (docs/notifications.md): signed webhooks, Slack-compatible incoming webhooks and SMTP e-mail, for
 * new critical/high findings, detections, remediation approvals and review tasks. The surfaces call `notify` with
 * events built here (`newFindingEvents`, `newDetectionEvents`, `approvalRequestEvent`) or by any other code.
 */
export { CHANNEL_IDS } from './channels/index.js';
export { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signature, verifySignature } from './channels/webhook.js';
export { NotificationsConfig, type NotificationTarget } from './config.js';
export { listDeliveries, type NotificationDeliveriesTable } from './deliveries.js';
export { DeliveryError } from './delivery-error.js';
export { batchMessage, NOTIFICATION_KINDS, type Notification, type NotificationKind } from './message.js';
export { notify, send, type DeliveryReport, type NotifyOptions } from './notify.js';
export { approvalRequestEvent, newDetectionEvents, newFindingEvents, type PlanSummary } from './triggers.js';
