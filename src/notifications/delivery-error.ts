/**
 * A failed delivery attempt. `retryable` is true for what may pass on a later attempt (HTTP 429 and 5xx, timeouts,
 * refused or reset connections, SMTP 4xx); false for what will not (HTTP 4xx, SMTP 5xx, refused authentication).
 * The message never carries a secret: no webhook URL of a secret channel, no password, no signing key.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** Seconds the receiver asked us to wait (HTTP Retry-After), when it said so. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
