import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../monitoring/pipeline.js';
import type { ActivityEvent } from '../../../monitoring/event.js';
import { openStore } from '../../../store/index.js';
import { corporaDir } from '../../../testing/corpora.js';
import { googleReportsFormat } from './reports.js';

/**
 * Vendor examples read in place (never copied): the Reports API discovery document (the fields the parser reads),
 * the Google Workspace Reports samples Microsoft Sentinel ships (token, admin, login, user_accounts activities of a
 * real tenant) and Elastic's Google Workspace token sample. The figures are the ones docs/monitoring.md reports.
 */
const corpora = corporaDir();
const discovery = join(corpora, 'google-apis-discovery-nhi', 'admin.reports_v1.nhi-subset.json');
const sentinel = (app: string) => join(corpora, 'azure-sentinel-sample-data', `GWorkspace_ReportsAPI_${app}_CL.json`);
const elastic = join(corpora, 'elastic-integrations-nhi-samples', 'google_workspace-token', 'test-token.log');

/** A sample's activities parsed one by one (the actor as parsed: the store keeps only its principal). */
const parseSample = (file: string): ActivityEvent[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as unknown[]).flatMap((a) => googleReportsFormat.parse(a));

async function importSample(file: string) {
  const store = await openStore(':memory:');
  try {
    const summary = await importFile(file, {
      store,
      format: googleReportsFormat,
      platform: 'google',
      lastUsedSource: 'Google Workspace Reports activities',
      now: () => new Date('2026-12-05T00:00:00Z'),
      enrich: false,
    });
    return { summary };
  } finally {
    await store.close();
  }
}

describe('Google Workspace Reports (vendor examples)', () => {
  it('the discovery document defines every Activity field the parser reads', () => {
    const schemas = (JSON.parse(readFileSync(discovery, 'utf8')) as { schemas: Record<string, { properties: Obj }> })
      .schemas;
    type Obj = Record<string, { properties?: Obj; items?: { properties?: Obj } }>;
    const activity = schemas.Activity.properties as Obj;
    expect(Object.keys(activity.id.properties!)).toEqual(
      expect.arrayContaining(['time', 'uniqueQualifier', 'applicationName', 'customerId']),
    );
    expect(Object.keys(activity.actor.properties!)).toEqual(
      expect.arrayContaining(['callerType', 'email', 'key', 'profileId']),
    );
    expect(Object.keys(activity.events.items!.properties!)).toEqual(expect.arrayContaining(['name', 'parameters']));
    expect(activity.ipAddress).toBeDefined();
  });

  it.each([
    ['token', 3],
    ['admin', 3],
    ['login', 3],
    ['user_accounts', 2],
  ])('imports the Sentinel %s sample: every activity parses, none quarantined', async (app, records) => {
    const { summary } = await importSample(sentinel(app));
    expect(summary).toMatchObject({ records, events: records, quarantined: 0, stored: records });
  });

  it('reads who acted in the Sentinel samples: OAuth clients, Google itself, people signing in', () => {
    const token = parseSample(sentinel('token'));
    expect(token.map((e) => [e.operation, e.actor.name, e.actor.programmatic])).toContainEqual([
      'token:authorize',
      'Notion',
      true,
    ]);
    expect(token[0].actor.keys[0]).toMatch(/\.apps\.googleusercontent\.com$/);
    const admin = parseSample(sentinel('admin'));
    expect(admin.find((e) => e.operation === 'admin:USER_LICENSE_ASSIGNMENT')?.actor.vendorService).toBe(true);
    const login = parseSample(sentinel('login'));
    expect(login.every((e) => e.actor.person === true && e.classUid === 3002)).toBe(true);
    expect(login.some((e) => e.tags.includes('login.interactive'))).toBe(true);
  });

  it("reads Elastic's token sample (events as one object, a numeric profileId)", () => {
    const [e] = googleReportsFormat.parse(JSON.parse(readFileSync(elastic, 'utf8')));
    expect(e).toMatchObject({
      id: 'token:2023-01-01T06:24:42.442Z:-6709442587437772138:authorize',
      tenant: 'C02umwv6u',
      operation: 'token:authorize',
      sourceIp: '89.160.20.112',
      actor: {
        principal: '923474483785-sqf6uk8vq1rqe853il0g2h4m98ji2fq6.apps.googleusercontent.com',
        name: 'Gmail Add-on',
        programmatic: true,
      },
      target: 'foo@bar.com',
    });
  });
});
