import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corporaDir } from '../../../testing/corpora.js';
import { graphAuditsFormat } from './directory-audits.js';

// OTRF's Golden SAML recording (Azure/SimuLand lab 01): the Log Analytics AuditLogs rows of the attack, read in place.
const file = join(corporaDir(), 'otrf-security-datasets-cloud', 'golden-saml-adfs-mail-access', 'AADAuditEvents.json');

describe('Entra directory audits (OTRF Golden SAML recording, Log Analytics rows)', () => {
  it('reads every row: the credential added to the application and the delegated grant to its service principal', () => {
    const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const events = rows.flatMap((line) => graphAuditsFormat.parse(JSON.parse(line)));
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.actor.person && e.actor.keys.includes('pgustavo@simulandlabs.com'))).toBe(true);
    expect(events.every((e) => e.tenant === '00000000-0000-0000-0000-000000000000' && e.success)).toBe(true);
    const summary = events.map((e) => [e.operation.split(':')[1], e.tags.join(','), e.targetKeys[0], e.target]);
    expect(summary).toEqual([
      [
        'Update application – Certificates and secrets management',
        'credential.create',
        '11b49e19-2326-4be6-93cb-7f37439bbd81',
        'SimuLandApp',
      ],
      [
        'Update application – Certificates and secrets management',
        'credential.create',
        '11b49e19-2326-4be6-93cb-7f37439bbd81',
        'SimuLandApp',
      ],
      ['Update application', '', '11b49e19-2326-4be6-93cb-7f37439bbd81', 'SimuLandApp'],
      // The client has no display name in the row: its id stands in.
      [
        'Add delegated permission grant',
        'iam.write',
        '0d2f5969-011b-460d-ac74-3291d227d49f',
        '0d2f5969-011b-460d-ac74-3291d227d49f',
      ],
    ]);
    expect(events[0].userAgent).toMatch(/WindowsPowerShell/);
  });
});
