import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlantedActivity } from '../../../emulation/estate/activity.js';
import { generateEstate } from '../../../emulation/estate/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { oktaActivity } from './activity.js';

/**
 * The planted System Log speaks Okta's LogEvent: every field the generator writes, at any depth, is a property of the
 * schema Okta's Management API spec gives it (read in place), and its values have the spec's types.
 */
const spec = join(corporaDir(), 'okta-management-openapi', 'management.nhi-subset.openapi.json');
type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
};
const schemas = (JSON.parse(readFileSync(spec, 'utf8')) as { components: { schemas: Record<string, Schema> } })
  .components.schemas;

/** A schema with its $ref and allOf folded in. */
function resolve(s: Schema): Schema {
  if (s.$ref) return resolve(schemas[s.$ref.replace('#/components/schemas/', '')]);
  if (!s.allOf) return s;
  const parts = s.allOf.map(resolve);
  return { ...s, properties: Object.assign({}, ...parts.map((p) => p.properties)), type: parts[0]?.type ?? s.type };
}

/** Paths of `value` the schema does not define, or whose JSON type differs. */
function undocumented(value: unknown, s: Schema, path: string): string[] {
  const schema = resolve(s);
  if (value === null) return [];
  if (Array.isArray(value))
    return schema.type === 'array'
      ? value.flatMap((v, i) => undocumented(v, schema.items ?? {}, `${path}[${i}]`))
      : [path];
  if (typeof value === 'object') {
    if (schema.additionalProperties && !schema.properties) return [];
    if (!schema.properties) return [path];
    return Object.entries(value as object).flatMap(([k, v]) =>
      schema.properties?.[k] ? undocumented(v, schema.properties[k], `${path}.${k}`) : [`${path}.${k}`],
    );
  }
  const type = typeof value === 'number' ? ['integer', 'number'] : [typeof value];
  return !schema.type || type.includes(schema.type) ? [] : [`${path} (${typeof value}, spec: ${schema.type})`];
}

/** The fields the second test reads of a planted LogEvent. */
interface PlantedEvent {
  actor: { id: string; type: string };
  client: { id: string | null };
  transaction: { detail: { requestApiTokenId?: string } };
}

let planted: PlantedActivity | null | undefined;
async function plantedLog(): Promise<PlantedActivity> {
  if (planted === undefined) {
    const estate = await generateEstate({ seed: 7, size: 300, platforms: ['okta'] });
    planted =
      [oktaActivity(estate.platforms.okta, estate.labels.identities, new Date(estate.now)) ?? []].flat()[0] ?? null;
  }
  if (!planted) throw new Error('the Okta estate planted no System Log');
  return planted;
}

describe('planted Okta System Log (LogEvent of the Management API spec)', () => {
  it('writes only fields the spec defines, with its types', async () => {
    const log = await plantedLog();
    const lines = log.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toHaveLength(log.records);
    const wrong = new Set(
      lines.flatMap((e) => undocumented(e, schemas.LogEvent, '').map((p) => p.replace(/\[\d+\]/g, '[]'))),
    );
    expect([...wrong]).toEqual([]);
  });

  it('names every planted request made with an API token by its token id, and a service app by its client id', async () => {
    const lines = (await plantedLog()).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PlantedEvent);
    for (const e of lines) {
      const token = e.transaction.detail.requestApiTokenId;
      if (e.actor.type === 'PublicClientApp') expect([token, e.client.id]).toEqual([undefined, e.actor.id]);
      else expect([e.actor.type, token]).toEqual(['User', expect.stringMatching(/^00T/)]);
    }
  });
});
