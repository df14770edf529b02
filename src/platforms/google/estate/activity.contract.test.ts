import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlantedActivity } from '../../../emulation/estate/activity.js';
import { generateEstate } from '../../../emulation/estate/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { googleActivity } from './activity.js';

/**
 * The planted Reports activities speak the Activity resource: every field is one of the Reports API discovery
 * document's (read in place), and the token events' parameter names are those of real token activities (Sentinel's
 * and Elastic's Google Workspace samples, read in place). `actor.applicationInfo` is the one field the stored
 * discovery subset predates: it is in the official client's Schema$Activity (@googleapis/admin 32), which the
 * generator's lines are typed with.
 */
const corpora = corporaDir();
const discovery = join(corpora, 'google-apis-discovery-nhi', 'admin.reports_v1.nhi-subset.json');
const samples = [
  join(corpora, 'azure-sentinel-sample-data', 'GWorkspace_ReportsAPI_token_CL.json'),
  join(corpora, 'elastic-integrations-nhi-samples', 'google_workspace-token', 'test-token.log'),
];
type Props = Record<string, { properties?: Props; items?: { properties?: Props } }>;
const activity = (JSON.parse(readFileSync(discovery, 'utf8')) as { schemas: { Activity: { properties: Props } } })
  .schemas.Activity.properties;

interface Line {
  actor: Record<string, unknown>;
  id: Record<string, unknown>;
  events: Array<{ name: string; parameters: Array<Record<string, unknown>> }>;
}

let planted: PlantedActivity | null | undefined;
async function plantedLines(): Promise<Line[]> {
  if (planted === undefined) {
    const estate = await generateEstate({ seed: 7, size: 300, platforms: ['google'] });
    planted =
      [googleActivity(estate.platforms.google, estate.labels.identities, new Date(estate.now)) ?? []].flat()[0] ?? null;
  }
  if (!planted) throw new Error('the Google estate planted no activities');
  return planted.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

describe('planted Google Reports activities (Activity resource)', () => {
  it('writes only fields the discovery document defines (applicationInfo: the official client)', async () => {
    const fields = new Set<string>();
    const known = (path: string, keys: Iterable<string>) => {
      for (const k of keys) fields.add(`${path}${k}`);
    };
    known('', Object.keys(activity));
    known('actor.', [...Object.keys(activity.actor.properties ?? {}), 'applicationInfo']);
    known('id.', Object.keys(activity.id.properties ?? {}));
    const event = activity.events.items?.properties ?? {};
    known('events[].', Object.keys(event));
    known('events[].parameters[].', Object.keys(event.parameters?.items?.properties ?? {}));
    const written = new Set<string>();
    for (const line of await plantedLines()) {
      for (const k of Object.keys(line)) written.add(k);
      for (const k of Object.keys(line.actor)) written.add(`actor.${k}`);
      for (const k of Object.keys(line.id)) written.add(`id.${k}`);
      for (const e of line.events) {
        for (const k of Object.keys(e)) written.add(`events[].${k}`);
        for (const p of e.parameters) for (const k of Object.keys(p)) written.add(`events[].parameters[].${k}`);
      }
    }
    expect([...written].filter((f) => !fields.has(f))).toEqual([]);
  });

  it("names the token events' parameters as real token activities do", async () => {
    const real = new Set(
      samples.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/"name": ?"(\w+)"/g)].map((m) => m[1])),
    );
    const used = new Set(
      (await plantedLines())
        .filter((l) => l.id.applicationName === 'token')
        .flatMap((l) => l.events.flatMap((e) => e.parameters.map((p) => String(p.name)))),
    );
    expect([...used].filter((n) => !real.has(n))).toEqual([]);
    expect(used.size).toBeGreaterThanOrEqual(5);
  });
});
