import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlantedActivity } from '../../../emulation/estate/activity.js';
import { generateEstate } from '../../../emulation/estate/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { slackActivity } from './activity.js';
import type { SlackEstateData } from './types.js';

/**
 * The planted entries speak the Audit Logs API: every field path the generator writes is one of a `GET
 * /audit/v1/logs` entry in the Slack Java SDK's JSON shape of that answer (read in place), and each entry is a bot
 * acting through its own app, as the estate's bots.info says.
 */
const shape = JSON.parse(
  readFileSync(join(corporaDir(), 'slack-java-sdk-json-shapes', 'audit', 'v1', 'logs.json'), 'utf8'),
) as { entries: object[] };

/** Field paths of an object (arrays and their items are one level: `details.new_scopes`). */
function paths(v: unknown, prefix = ''): string[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [prefix];
  return Object.entries(v).flatMap(([k, x]) => paths(x, prefix ? `${prefix}.${k}` : k));
}

interface Entry {
  id: string;
  date_create: number;
  actor: { user: { id: string } };
  context: { app: { id: string } };
}

describe('planted Slack audit log entries', async () => {
  const estate = await generateEstate({ seed: 7, size: 120, platforms: ['slack'], now: '2026-11-01T00:00:00Z' });
  const data = estate.platforms.slack as SlackEstateData;
  const planted = slackActivity(data, estate.labels.identities, new Date(estate.now)) as PlantedActivity;
  const entries = planted.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Entry);

  it('writes only fields of the Audit Logs API entry shape', () => {
    const documented = new Set(shape.entries.flatMap((e) => paths(e)));
    const written = new Set(entries.flatMap((e) => paths(e)));
    expect([...written].filter((p) => !documented.has(p))).toEqual([]);
    expect(written.has('context.app.id')).toBe(true);
  });

  it('is a bot acting through its own app, oldest first, in epoch seconds', () => {
    const appOf = new Map(data.bots.map((b) => [b.user_id, b.app_id]));
    for (const e of entries) expect(appOf.get(e.actor.user.id), e.id).toBe(e.context.app.id);
    const times = entries.map((e) => e.date_create);
    expect(times.every(Number.isInteger)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(planted.records).toBe(entries.length);
  });

  it('plants on inventory bots only, and the same estate gives the same log', () => {
    const bots = new Set(estate.labels.identities.filter((l) => l.kind === 'bot').map((l) => l.id));
    for (const x of [...planted.expected, ...planted.benign]) expect(bots.has(x.identityId), x.scenario).toBe(true);
    const again = slackActivity(data, estate.labels.identities, new Date(estate.now)) as PlantedActivity;
    expect(again.text).toBe(planted.text);
  });

  it('plants nothing without bots', () => {
    expect(slackActivity({ ...data, bots: [] }, estate.labels.identities, new Date(estate.now))).toBeNull();
  });
});
