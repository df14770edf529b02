import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { awsActivity } from './activity.js';

/**
 * The planted CloudTrail file speaks CloudTrail: every record field (and userIdentity field) the generator writes is
 * one real CloudTrail records carry — the Stratus Red Team detonation logs, read in place.
 */
const dir = join(corporaDir(), 'stratus-red-team', 'detonation-logs');

function realFields(): { record: Set<string>; identity: Set<string> } {
  const record = new Set<string>();
  const identity = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.startsWith('aws.') && f.endsWith('.json'))) {
    const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    const records = (Array.isArray(parsed) ? parsed : (parsed as { Records: unknown[] }).Records) as Array<
      Record<string, unknown>
    >;
    for (const r of records) {
      for (const k of Object.keys(r)) record.add(k);
      for (const k of Object.keys((r.userIdentity as object) ?? {})) identity.add(k);
    }
  }
  return { record, identity };
}

describe('planted CloudTrail activity (wire format)', () => {
  it('writes a {"Records":[…]} file of records with only fields real CloudTrail records carry', async () => {
    const estate = await generateEstate({ seed: 7, size: 300, platforms: ['aws'] });
    const planted = awsActivity(estate.platforms.aws, estate.labels.identities, new Date(estate.now));
    const records = (JSON.parse(planted?.text ?? '{}') as { Records: Array<Record<string, unknown>> }).Records;
    expect(records.length).toBe(planted?.records);
    const real = realFields();
    const written = new Set(records.flatMap((r) => Object.keys(r)));
    const identity = new Set(records.flatMap((r) => Object.keys(r.userIdentity as object)));
    expect([...written].filter((f) => !real.record.has(f))).toEqual([]);
    expect([...identity].filter((f) => !real.identity.has(f))).toEqual([]);
    // eventTime to the second in UTC, as CloudTrail writes it; records in time order.
    expect(records.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(String(r.eventTime)))).toBe(true);
    const times = records.map((r) => String(r.eventTime));
    expect(times).toEqual([...times].sort());
  });
});
