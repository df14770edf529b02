import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../monitoring/pipeline.js';
import { readEvents } from '../../../monitoring/events-store.js';
import { openStore } from '../../../store/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { graphSignInsFormat } from './sign-ins.js';

// Elastic's pipeline-test samples of Azure Monitor sign-in exports, read in place (never copied).
const dir = join(corporaDir(), 'elastic-integrations-nhi-samples', 'azure-signinlogs');

describe('Entra sign-in exports (elastic-integrations samples)', () => {
  it.each([
    ['test-service-principal-signinlogs-sample.log', 7, 'Terraform-Datadog-CLI', true],
    ['test-managed-identity-sample.first10lines.log', 10, 'testplatformlogslube', false],
  ])('%s: every record parses, none quarantined', async (file, records, firstName, withKey) => {
    const store = await openStore(':memory:');
    try {
      const s = await importFile(join(dir, file), {
        store,
        format: graphSignInsFormat,
        platform: 'entra',
        lastUsedSource: 'Entra sign-in and audit events',
        now: () => new Date('2026-12-05T00:00:00Z'),
        enrich: false,
      });
      expect(s).toMatchObject({ records, events: records, quarantined: 0, stored: records });
      const events = [];
      for await (const e of readEvents(store)) events.push(e);
      expect(events[0]).toMatchObject({ classUid: 3002, success: true });
      expect(events.every((e) => e.tenant === '4bbb79f7-5724-4c9e-95f3-de075f6ec090')).toBe(true);
      // Service principals sign in with a credential (its keyId is the first actor key); managed identities without.
      const first = graphSignInsFormat.parse(JSON.parse(readFileSync(join(dir, file), 'utf8').split('\n')[0]))[0];
      expect([first.actor.name, first.actor.programmatic, first.actor.keys.length]).toEqual([
        firstName,
        withKey,
        withKey ? 3 : 2,
      ]);
      expect(s.actors.unresolved).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
