import { describe, expect, it } from 'vitest';
import { checkSection, parseConfig } from '../config/load.js';
import { NotificationsConfig } from './config.js';

/** `notifications:` in steward.yaml: every problem names its key path and line; secrets are references only. */
const check = (yaml: string) =>
  checkSection(parseConfig(yaml, 'steward.yaml'), 'notifications', NotificationsConfig, 'steward.yaml');

describe('notifications config', () => {
  it('accepts the three channels, with defaults, and resolves the secret references', () => {
    process.env.TEST_CFG_KEY = 'k3y-value-for-signing';
    process.env.TEST_CFG_CHAT = 'https://hooks.example.com/services/T/B/secret';
    const list = check(`
notifications:
  - { name: hook, channel: webhook, url: "https://example.com/in", secret: { env: TEST_CFG_KEY }, on: [detection] }
  - { name: chat, channel: slack, url: { env: TEST_CFG_CHAT }, on: [finding-critical], minSeverity: critical }
  - name: mail
    channel: email
    host: smtp.example.com
    from: steward@example.com
    to: [secops@example.com]
    on: [approval-request, review-task]
`);
    expect(list.map((t) => [t.name, t.channel.id, t.minSeverity, t.retries, t.timeoutMs])).toEqual([
      ['hook', 'webhook', 'info', 3, 10_000],
      ['chat', 'slack', 'critical', 3, 10_000],
      ['mail', 'email', 'info', 3, 10_000],
    ]);
    expect(list[0]?.options).toEqual({ url: 'https://example.com/in', secret: 'k3y-value-for-signing' });
    expect(list[1]?.options).toEqual({ url: 'https://hooks.example.com/services/T/B/secret' });
    expect(list[2]?.options).toMatchObject({ port: 587, tls: 'starttls', to: ['secops@example.com'] });
  });

  it('names every problem with its path and line, and never accepts a literal secret', () => {
    delete process.env.TEST_CFG_UNSET;
    let message = '';
    try {
      check(`notifications:
  - name: hook
    channel: webhook
    url: ftp://example.com
    secret: plain-text-key
    on: [detection]
  - name: chat
    channel: slack
    url: { env: TEST_CFG_UNSET }
    on: [everything]
  - { name: bad, channel: pager, on: [detection] }
  - { name: mail, channel: email, host: h, from: not-an-address, to: [a@example.com], on: [detection], colour: red }
`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'steward.yaml: notifications are not valid',
      '  notifications[0].url (line 4): expected an http(s) URL',
      '  notifications[0].secret (line 5): expected a secret reference: { env: VARIABLE } or { file: /path/to/file } (literal secrets are not accepted)',
      expect.stringMatching(/^ {2}notifications\[1\]\.on\[0\] \(line 10\): /),
      '  notifications[2].channel (line 11): expected one of webhook, slack, email',
      '  notifications[3].from (line 12): expected an e-mail address',
      '  notifications[3].colour (line 12): not an option of the email channel',
    ]);
    expect(message).not.toContain('plain-text-key');
  });

  it('refuses a missing environment variable and duplicate names', () => {
    delete process.env.TEST_CFG_UNSET;
    expect(() =>
      check(`notifications:
  - { name: chat, channel: slack, url: { env: TEST_CFG_UNSET }, on: [detection] }
`),
    ).toThrow('notifications[0].url (line 2): environment variable TEST_CFG_UNSET is not set');
    process.env.TEST_CFG_KEY = 'k3y-value-for-signing';
    expect(() =>
      check(`notifications:
  - { name: a, channel: webhook, url: "https://x.example", secret: { env: TEST_CFG_KEY }, on: [detection] }
  - { name: a, channel: webhook, url: "https://y.example", secret: { env: TEST_CFG_KEY }, on: [detection] }
`),
    ).toThrow('notifications[1].name (line 3): another notification is named a');
  });
});
