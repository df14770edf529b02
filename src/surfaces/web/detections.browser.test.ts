import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardFixture, startDashboardFixture } from '../../testing/dashboard.js';

/**
 * The Detections page and the identity page's detections in a real headless Chromium, on a scanned demo estate with
 * its planted activity imported. What is expected comes from the generators: their expected detections and the
 * planted CloudTrail records (event id, source address), never from the app's code.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SKIP = process.env.STEWARD_SKIP_BROWSER === '1';

let fx: DashboardFixture;
let browser: Browser;
const problems: string[] = [];

interface PlantedRecord {
  eventID: string;
  eventName: string;
  sourceIPAddress: string;
  userIdentity: { userName: string };
}

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${fx.url}${path}#token=${fx.tokens.viewer}`);
  await page.locator('header.top').waitFor();
  return page;
}

/** The planted console sign-in by a service user: its record and the identity the generator expects it on. */
function plantedConsoleLogin() {
  const aws = fx.planted.find((p) => p.format === 'cloudtrail');
  if (!aws) throw new Error('no planted CloudTrail activity in the fixture');
  const records = (JSON.parse(aws.text) as { Records: PlantedRecord[] }).Records;
  const record = records.find((r) => r.eventName === 'ConsoleLogin');
  const expected = aws.expected.find((e) => e.ruleId === 'activity-interactive-use');
  if (!record || !expected) throw new Error('the AWS catalogue planted no console sign-in');
  const label = fx.estate.labels.identities.find((l) => l.id === expected.identityId);
  return { record, expected, name: label?.name ?? '' };
}

describe.skipIf(SKIP)('dashboard detections (headless Chromium)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}; set CHROMIUM_PATH, or STEWARD_SKIP_BROWSER=1 to skip.`);
    fx = await startDashboardFixture({ size: 120, seed: 11, plantedActivity: true });
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('the Detections page lists every planted detection, the console sign-in with its event', async () => {
    const page = await open('/detections');
    const planted = fx.planted.flatMap((p) => p.expected);
    const rows = page.locator('[data-testid="detections"] tbody tr');
    await expect.poll(() => rows.count()).toBe(planted.length);
    const { record, name } = plantedConsoleLogin();
    const row = rows.filter({ hasText: record.eventID });
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-rule')).toBe('activity-interactive-use');
    expect(await row.locator('.sev').textContent()).toBe('high');
    expect(await row.locator('a').textContent()).toBe(name);
    expect(await row.locator('[data-testid="detection-events"]').textContent()).toContain(record.sourceIPAddress);
    expect(problems).toEqual([]);
  });

  it("the identity page shows the identity's detections with their events", async () => {
    const { record, expected } = plantedConsoleLogin();
    const page = await open(`/identities/${encodeURIComponent(expected.identityId)}`);
    const section = page.locator('section[aria-labelledby="detections-h"]');
    await section.waitFor();
    expect(await section.locator('tbody tr').count()).toBe(
      fx.planted.flatMap((p) => p.expected).filter((e) => e.identityId === expected.identityId).length,
    );
    expect(await section.textContent()).toContain(record.eventID);
    expect(problems).toEqual([]);
  });
});
