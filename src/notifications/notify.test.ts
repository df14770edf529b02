import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.js';
import { openTestStore } from '../testing/store.js';
import {
  type HttpReceiver,
  parseMime,
  type Received,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../testing/receivers.js';
import { NotificationsConfig } from './config.js';
import { listDeliveries } from './deliveries.js';
import type { Notification } from './message.js';
import { notify } from './notify.js';
import { approvalRequestEvent } from './triggers.js';

/**
 * Notifications against local receivers: a node:http webhook receiver that checks the HMAC signature and the replay
 * window the way docs/notifications.md tells receivers to, a fake chat webhook, and an SMTP server. The receivers'
 * checks are written here from the documented scheme, not with the code under test.
 */

const SIGNING_KEY = 'whsec-test-signing-key-0123456789';
const SMTP_PASSWORD = 'smtp-test-password-9876';
const WINDOW_SECONDS = 300;
const noWait = { sleep: async () => {} };

/** The receiver's clock, moved by a test to replay a captured request later. */
let receiverNow = () => Date.now();

/** The documented check: `v1=` hex HMAC-SHA256 over `TIMESTAMP.BODY`, timestamp within five minutes. */
function receiverCheck(r: Received): number | null {
  const ts = r.headers['x-steward-timestamp'];
  const expected = `v1=${createHmac('sha256', SIGNING_KEY).update(`${ts}.${r.body}`).digest('hex')}`;
  if (r.headers['x-steward-signature'] !== expected) return 401;
  if (Math.abs(receiverNow() / 1000 - Number(ts)) > WINDOW_SECONDS) return 401;
  return null;
}

let store: Store;
let hook: HttpReceiver;
let chat: HttpReceiver;
let smtp: SmtpReceiver;

beforeAll(async () => {
  store = await openTestStore('sqlite');
  hook = await startHttpReceiver(receiverCheck);
  chat = await startHttpReceiver();
  smtp = await startSmtpReceiver({ username: 'steward', password: SMTP_PASSWORD });
  process.env.TEST_NOTIFY_KEY = SIGNING_KEY;
  process.env.TEST_CHAT_URL = `${chat.url}/services/T000/B000/XXXXSECRETPATH`;
  process.env.TEST_SMTP_PASSWORD = SMTP_PASSWORD;
});
afterAll(async () => {
  await Promise.all([store?.close(), hook?.close(), chat?.close(), smtp?.close()]);
});
afterEach(() => {
  receiverNow = () => Date.now();
  for (const r of [hook, chat]) {
    r.received.length = 0;
    r.answers.length = 0;
  }
  smtp.mails.length = 0;
});

const targets = (entries: Record<string, unknown>[]) => NotificationsConfig.parse(entries);
const webhookTarget = (name: string, extra: Record<string, unknown> = {}) =>
  targets([
    {
      name,
      channel: 'webhook',
      url: `${hook.url}/hook`,
      secret: { env: 'TEST_NOTIFY_KEY' },
      on: ['finding-critical', 'finding-high', 'detection'],
      ...extra,
    },
  ]);

const finding = (id: string, severity: 'critical' | 'high', title = `finding ${id}`): Notification => ({
  kind: severity === 'critical' ? 'finding-critical' : 'finding-high',
  severity,
  title,
  lines: [`line of ${id}`],
  subject: id,
});

describe('signed webhook', () => {
  it('signs timestamp.body with HMAC-SHA256; the receiver accepts it, and refuses the same request replayed later or changed', async () => {
    const [report] = await notify(store, webhookTarget('sign'), [finding('f-sign-1', 'critical')], { retry: noWait });
    expect(report).toMatchObject({ status: 'sent', events: 1, attempts: 1 });
    expect(hook.received).toHaveLength(1);
    const captured = hook.received[0] as Received;
    const body = JSON.parse(captured.body);
    expect(body).toMatchObject({ type: 'steward.notification', count: 1, severity: 'critical' });
    expect(body.items[0]).toMatchObject({ kind: 'finding-critical', subject: 'f-sign-1', title: 'finding f-sign-1' });
    expect(captured.headers['x-steward-delivery']).toBe(body.id);

    const resend = (bodyText: string) =>
      fetch(`${hook.url}/hook`, {
        method: 'POST',
        headers: {
          'x-steward-timestamp': captured.headers['x-steward-timestamp'] as string,
          'x-steward-signature': captured.headers['x-steward-signature'] as string,
        },
        body: bodyText,
      });
    expect((await resend(captured.body.replace('critical', 'low'))).status).toBe(401);
    receiverNow = () => Date.now() + (WINDOW_SECONDS + 60) * 1000;
    expect((await resend(captured.body)).status).toBe(401);
  });

  it('a delivery stamped outside the window is refused (4xx: not retried) and recorded as failed', async () => {
    const past = new Date(Date.now() - 3600_000);
    const [report] = await notify(store, webhookTarget('stale'), [finding('f-stale', 'high')], {
      now: () => past,
      retry: noWait,
    });
    expect(report).toMatchObject({ status: 'failed', attempts: 1 });
    expect(report?.error).toMatch(/HTTP 401/);
    const rows = (await listDeliveries(store)).filter((d) => d.notification === 'stale');
    expect(rows).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, subject_id: 'f-stale' })]);
  });

  it('retries a 503 then succeeds; the attempts are recorded', async () => {
    hook.answers.push(503, 503);
    const [report] = await notify(store, webhookTarget('retry', { retries: 3 }), [finding('f-retry', 'high')], {
      retry: noWait,
    });
    expect(report).toMatchObject({ status: 'sent', attempts: 3, error: null });
    expect(hook.received).toHaveLength(3);
    const row = (await listDeliveries(store)).find((d) => d.notification === 'retry');
    expect(row).toMatchObject({ status: 'sent', attempts: 3, kind: 'finding-high', channel: 'webhook' });
  });

  it('gives up after the retries, keeps the events as failed, and sends them with the next run', async () => {
    hook.answers.push(500, 500);
    const target = webhookTarget('giveup', { retries: 1 });
    const [first] = await notify(store, target, [finding('f-later', 'high')], { retry: noWait });
    expect(first).toMatchObject({ status: 'failed', attempts: 2 });
    const [second] = await notify(store, target, [finding('f-later', 'high')], { retry: noWait });
    expect(second).toMatchObject({ status: 'sent', events: 1 });
    const row = (await listDeliveries(store)).find((d) => d.notification === 'giveup');
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });

  it('batches a run into one message (count, the 10 most severe listed) and never sends an event twice', async () => {
    const target = webhookTarget('batch');
    const events = [
      ...Array.from({ length: 9 }, (_, i) => finding(`f-high-${i}`, 'high')),
      ...Array.from({ length: 3 }, (_, i) => finding(`f-crit-${i}`, 'critical')),
    ];
    const [first] = await notify(store, target, events, { retry: noWait });
    expect(first).toMatchObject({ status: 'sent', events: 12 });
    expect(hook.received).toHaveLength(1);
    const body = JSON.parse((hook.received[0] as Received).body);
    expect(body).toMatchObject({ count: 12, omitted: 2, severity: 'critical' });
    expect(body.title).toBe('12 new events: 3 critical findings, 9 high findings');
    expect(body.items.slice(0, 3).map((i: { subject: string }) => i.subject)).toEqual([
      'f-crit-0',
      'f-crit-1',
      'f-crit-2',
    ]);

    const [again] = await notify(store, target, events, { retry: noWait });
    expect(again).toMatchObject({ status: 'nothing', alreadySent: 12 });
    expect(hook.received).toHaveLength(1);

    const [more] = await notify(store, target, [...events, finding('f-new', 'high')], { retry: noWait });
    expect(more).toMatchObject({ status: 'sent', events: 1, alreadySent: 12 });
    expect(JSON.parse((hook.received[1] as Received).body).items.map((i: { subject: string }) => i.subject)).toEqual([
      'f-new',
    ]);
  });

  it('sends only the kinds and severities a notification asks for', async () => {
    const target = webhookTarget('filtered', { on: ['finding-critical', 'approval-request'], minSeverity: 'critical' });
    const reports = await notify(
      store,
      target,
      [
        finding('f-h', 'high'),
        approvalRequestEvent({ id: 'plan-1', planner: 'alice', origin: 'rule x', items: 2, blocked: 0 }),
      ],
      { retry: noWait },
    );
    // The high finding is not in `on`; the approval request (severity high) is below minSeverity.
    expect(reports).toEqual([]);
    expect(hook.received).toHaveLength(0);
  });
});

describe('Slack-compatible incoming webhook', () => {
  const chatTarget = () =>
    targets([
      { name: 'chat', channel: 'slack', url: { env: 'TEST_CHAT_URL' }, on: ['finding-critical', 'approval-request'] },
    ]);

  it('neutralises a hostile vendor name: no mention, no disguised link, no formatting', async () => {
    const hostile = '<!channel> <https://evil.example|click> <@U024BE7LH> *urgent* & done';
    const [report] = await notify(store, chatTarget(), [finding('f-chat', 'critical', hostile)], { retry: noWait });
    expect(report).toMatchObject({ status: 'sent' });
    const received = chat.received[0] as Received;
    expect(received.path).toBe('/services/T000/B000/XXXXSECRETPATH');
    for (const raw of ['<!channel>', '<https://evil.example|click>', '<@U024BE7LH>'])
      expect(received.body).not.toContain(raw.replace(/"/g, '\\"'));
    const payload = JSON.parse(received.body) as {
      text: string;
      mrkdwn: boolean;
      blocks: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ type: string }> }>;
    };
    expect(payload.mrkdwn).toBe(false);
    expect(payload.text).toBe(
      '[critical] &lt;!channel&gt; &lt;https://evil.example|click&gt; &lt;@U024BE7LH&gt; *urgent* &amp; done',
    );
    const texts = payload.blocks.filter((b) => b.text).map((b) => b.text as { type: string; text: string });
    expect(texts.every((t) => t.type === 'plain_text')).toBe(true);
    expect(texts[1]?.text).toContain('&lt;!channel&gt;');
  });

  it('keeps the webhook URL (a secret) out of errors and the delivery record', async () => {
    chat.answers.push(404);
    const [report] = await notify(
      store,
      chatTarget(),
      [approvalRequestEvent({ id: 'plan-404', planner: 'alice', origin: 'rule x', items: 1, blocked: 0 })],
      { retry: noWait },
    );
    expect(report).toMatchObject({ status: 'failed', error: 'chat webhook: HTTP 404 Not Found' });
    const rows = JSON.stringify(await listDeliveries(store));
    expect(rows).not.toContain('XXXXSECRETPATH');
    expect(rows).toContain('plan-404');
  });
});

describe('e-mail over SMTP', () => {
  const mailTarget = () =>
    targets([
      {
        name: 'mail',
        channel: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        tls: 'none',
        user: 'steward',
        password: { env: 'TEST_SMTP_PASSWORD' },
        from: 'steward@example.com',
        to: ['secops@example.com', 'owner@example.com'],
        on: ['detection'],
      },
    ]);

  it('sends text and HTML parts with the vendor name escaped and no header injection', async () => {
    const hostile = 'Evil <script>alert(1)</script> App\r\nBcc: attacker@evil.example';
    const event: Notification = {
      kind: 'detection',
      severity: 'high',
      title: hostile,
      lines: ['used from <b>AS666</b> & a new country'],
      link: 'javascript:alert(1)',
      subject: 'det-1',
    };
    const [report] = await notify(store, mailTarget(), [event], { retry: noWait });
    expect(report).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.auth).toEqual({ username: 'steward', password: SMTP_PASSWORD });
    expect(mail.from).toBe('steward@example.com');
    expect(mail.to).toEqual(['secops@example.com', 'owner@example.com']);
    expect(mail.to).not.toContain('attacker@evil.example');
    const { headers, text, html } = parseMime(mail.raw);
    expect(headers.has('bcc')).toBe(false);
    expect(headers.get('subject')).toBe(
      '[Steward] [high] Evil <script>alert(1)</script> App\\x0d\\x0aBcc: attacker@evil.example',
    );
    expect(html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; App');
    expect(html).not.toContain('<script>');
    expect(html).toContain('used from &lt;b&gt;AS666&lt;/b&gt; &amp; a new country');
    expect(html).not.toContain('javascript:');
    expect(text).toContain('used from <b>AS666</b> & a new country');
  });

  it('a refused login is a permanent failure (not retried), recorded without the password', async () => {
    process.env.TEST_SMTP_PASSWORD = 'wrong-password-1234';
    try {
      const [report] = await notify(
        store,
        mailTarget(),
        [{ ...finding('x', 'high'), kind: 'detection', subject: 'det-2' }],
        {
          retry: noWait,
        },
      );
      expect(report).toMatchObject({ status: 'failed', attempts: 1 });
      expect(report?.error).toMatch(/SMTP server answered 535/);
      expect(JSON.stringify(await listDeliveries(store))).not.toContain('wrong-password-1234');
    } finally {
      process.env.TEST_SMTP_PASSWORD = SMTP_PASSWORD;
    }
  });
});
