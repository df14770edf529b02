import nodemailer from 'nodemailer';
import { z } from 'zod';
import { SecretRef } from '../../config/secret.js';
import { htmlText, terminalText } from '../../lib/output-safety.js';
import { DeliveryError } from '../delivery-error.js';
import { type OutgoingMessage, safeLink } from '../message.js';
import type { Channel } from './types.js';

const Address = z.email({ error: 'expected an e-mail address' });

export const EmailOptions = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    /**
     * `starttls` (default): upgrade the connection and refuse to go on without TLS; `implicit`: TLS from the first
     * byte (port 465); `none`: plain text, for a relay on the same host only.
     */
    tls: z.enum(['starttls', 'implicit', 'none']).default('starttls'),
    user: z.string().min(1).optional(),
    password: SecretRef.optional(),
    from: Address,
    to: z.array(Address).min(1),
  })
  .strict()
  .refine((o) => (o.user === undefined) === (o.password === undefined), {
    error: 'user and password go together (both, or neither for a relay without authentication)',
  });
export type EmailOptions = z.infer<typeof EmailOptions>;

/** Subject line: vendor text with every control character (CR and LF included) made visible, so no header injection. */
export function emailSubject(message: OutgoingMessage): string {
  return terminalText(`[Steward] [${message.severity}] ${message.title}`).slice(0, 200);
}

export function emailText(message: OutgoingMessage): string {
  const parts = message.items.map((item) => {
    const link = safeLink(item.link);
    return [`[${item.severity}] ${terminalText(item.title)}`, ...item.lines.map((l) => `  ${terminalText(l)}`)]
      .concat(link ? [`  ${link}`] : [])
      .join('\n');
  });
  if (message.omitted) parts.push(`and ${message.omitted} more (not listed)`);
  return `${terminalText(message.title)}\n\n${parts.join('\n\n')}\n`;
}

/** The HTML part: every vendor field through `htmlText` (escaped, controls visible); links are our own http(s) ones. */
export function emailHtml(message: OutgoingMessage): string {
  const items = message.items.map((item) => {
    const link = safeLink(item.link);
    const lines = item.lines.map((l) => `<li>${htmlText(l)}</li>`).join('');
    return `<h3>[${htmlText(item.severity)}] ${htmlText(item.title)}</h3>${lines ? `<ul>${lines}</ul>` : ''}${
      link ? `<p><a href="${htmlText(link)}">Open</a></p>` : ''
    }`;
  });
  const more = message.omitted ? `<p>and ${message.omitted} more (not listed)</p>` : '';
  return `<!doctype html><html><body><h2>${htmlText(message.title)}</h2>${items.join('')}${more}</body></html>`;
}

export const emailChannel: Channel<EmailOptions> = {
  id: 'email',
  options: EmailOptions,
  async send(options, message, ctx) {
    const transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.tls === 'implicit',
      requireTLS: options.tls === 'starttls',
      ignoreTLS: options.tls === 'none',
      auth: options.user ? { user: options.user, pass: options.password } : undefined,
      connectionTimeout: ctx.timeoutMs,
      greetingTimeout: ctx.timeoutMs,
      socketTimeout: ctx.timeoutMs,
    });
    try {
      await transport.sendMail({
        from: options.from,
        to: options.to,
        subject: emailSubject(message),
        text: emailText(message),
        html: emailHtml(message),
        headers: { 'X-Steward-Delivery': message.id },
      });
    } catch (error) {
      throw smtpError(error as Error & { code?: string; responseCode?: number });
    } finally {
      transport.close();
    }
  },
};

/** SMTP 4xx and connection problems may pass later; 5xx and refused authentication will not. */
function smtpError(error: Error & { code?: string; responseCode?: number }): DeliveryError {
  const code = error.responseCode;
  if (code !== undefined)
    return new DeliveryError(`SMTP server answered ${code} (${error.code ?? 'error'})`, code < 500);
  const permanent = error.code === 'EAUTH' || error.code === 'EENVELOPE' || error.code === 'EMESSAGE';
  return new DeliveryError(`SMTP ${error.code ?? 'error'}: ${terminalText(error.message).slice(0, 200)}`, !permanent);
}
