import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../../emulation/estate/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import type { PlantedActivity } from '../../../emulation/estate/activity.js';
import { entraActivity } from './activity.js';

/**
 * The planted sign-ins speak Graph's signIn: every field the generator writes is a signIn property in Microsoft's
 * v1.0 metadata (CSDL) or in a real service-principal sign-in export (Elastic's sample), both read in place.
 */
const graph = join(corporaDir(), 'msgraph-nhi-docs-examples', 'graph-v1.0-nhi-types.csdl.xml');
const sample = join(
  corporaDir(),
  'elastic-integrations-nhi-samples',
  'azure-signinlogs',
  'test-service-principal-signinlogs-sample.log',
);

function documentedFields(): Set<string> {
  const csdl = readFileSync(graph, 'utf8');
  const entity = /<(?:\w+:)?EntityType Name="signIn"[^>]*>([\s\S]*?)<\/(?:\w+:)?EntityType>/.exec(csdl)?.[1] ?? '';
  const fields = new Set([...entity.matchAll(/Property Name="(\w+)"/g)].map((m) => m[1]));
  fields.add('id'); // the key, inherited from entity
  for (const line of readFileSync(sample, 'utf8').split('\n').filter(Boolean))
    for (const k of Object.keys((JSON.parse(line) as { properties: object }).properties)) fields.add(k);
  return fields;
}

let logs: readonly PlantedActivity[] | undefined;
async function plantedLogs(): Promise<readonly PlantedActivity[]> {
  if (!logs) {
    const estate = await generateEstate({ seed: 7, size: 300, platforms: ['entra'] });
    logs = [entraActivity(estate.platforms.entra, estate.labels.identities, new Date(estate.now)) ?? []].flat();
  }
  return logs;
}

/** The properties of a Graph entity or complex type in Microsoft's v1.0 metadata, with the inherited key `id`. */
function entityFields(name: string): Set<string> {
  const csdl = readFileSync(graph, 'utf8');
  const type = new RegExp(`<(?:\\w+:)?(Entity|Complex)Type Name="${name}"[^>]*>([\\s\\S]*?)</(?:\\w+:)?\\1Type>`);
  const entity = type.exec(csdl)?.[2];
  return new Set(['id', ...[...(entity ?? '').matchAll(/Property Name="(\w+)"/g)].map((m) => m[1])]);
}

describe('planted Entra directory audits (wire format)', () => {
  it('writes only documented directoryAudit fields, credentials as KeyDescription changes', async () => {
    const planted = (await plantedLogs()).find((p) => p.format === 'graph-audits');
    const lines = (planted?.text ?? '')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBe(planted?.records);
    const documented = entityFields('directoryAudit');
    expect(documented.has('initiatedBy')).toBe(true);
    expect([...new Set(lines.flatMap((l) => Object.keys(l)))].filter((f) => !documented.has(f))).toEqual([]);
    const target = entityFields('targetResource');
    const targets = lines.flatMap((l) => l.targetResources as Array<Record<string, unknown>>);
    expect([...new Set(targets.flatMap((t) => Object.keys(t)))].filter((f) => !target.has(f))).toEqual([]);
  });
});

describe('planted Entra sign-ins (wire format)', () => {
  it('writes only documented signIn fields, status.errorCode as Graph does', async () => {
    const planted = (await plantedLogs()).find((p) => p.format === 'graph-signins');
    const lines = (planted?.text ?? '')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBe(planted?.records);
    const documented = documentedFields();
    expect(documented.has('servicePrincipalCredentialKeyId')).toBe(true);
    const written = new Set(lines.flatMap((l) => Object.keys(l)));
    expect([...written].filter((f) => !documented.has(f))).toEqual([]);
    expect(lines.every((l) => (l.status as { errorCode: number }).errorCode === 0 && l.isInteractive === false)).toBe(
      true,
    );
  });
});
