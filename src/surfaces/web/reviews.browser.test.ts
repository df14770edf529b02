import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampaign, startRotation } from '../../remediation/reviews/index.js';
import { NOW, seededServer } from '../../testing/api-seed.js';

/**
 * The Reviews page in a real headless Chromium over the hand-written API seed (src/testing/api-seed.ts): on platform
 * acme, bot-a is owned by alice, key-b ("Beta key") has no owner and app-c's ("Gamma app") owner departed, so those two
 * go to the fallback reviewer — the viewer token's name. Keys c2 and c3 are older than 90 days. Expected values are
 * read off the seed, never from the app's code.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SKIP = process.env.STEWARD_SKIP_BROWSER === '1';

let s: Awaited<ReturnType<typeof seededServer>>;
let url: string;
let browser: Browser;
const problems: string[] = [];

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${url}${path}#token=${s.tokens.viewer}`);
  await page.locator('header.top').waitFor();
  return page;
}

describe.skipIf(SKIP)('dashboard reviews (headless Chromium)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}; set CHROMIUM_PATH, or STEWARD_SKIP_BROWSER=1 to skip.`);
    s = await seededServer();
    const now = new Date(NOW);
    await startCampaign(s.store, {
      name: 'Q4',
      scope: { platform: 'acme' },
      deadline: new Date(now.getTime() + 14 * 86_400_000),
      fallbackReviewer: 'viewer-token',
      admins: [],
      createdBy: 'alice@example.com',
      now,
    });
    await startRotation(s.store, {
      name: 'R1',
      criteria: { olderThanDays: 90, expiringWithinDays: null, platform: 'acme' },
      createdBy: 'alice@example.com',
      now,
    });
    url = await s.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('lists the campaigns with their progress and lets the viewer keep one of its tasks', async () => {
    const page = await open('/reviews');
    const campaign = page.locator('[data-testid="review-campaigns"] tbody tr');
    await expect.poll(() => campaign.count()).toBe(1);
    expect(await campaign.textContent()).toContain('0/3 decided');
    const tasks = page.locator('[data-testid="my-review-tasks"] tbody tr');
    await expect.poll(() => tasks.count()).toBe(2);
    expect(await tasks.locator('td:first-child a').allTextContents()).toEqual(['Beta key', 'Gamma app']);
    expect(await page.locator('[data-testid="rotation-campaigns"] tbody tr').textContent()).toContain('0/2 done');

    const keyB = tasks.filter({ hasText: 'Beta key' });
    await keyB.getByRole('button', { name: 'Keep' }).click();
    await expect.poll(() => keyB.locator('[data-testid="decision"]').textContent()).toMatch(/^keep /);
    await expect.poll(() => campaign.textContent()).toContain('1/3 decided');
    const stored = await s.store.db
      .selectFrom('review_tasks')
      .select(['decision', 'attested_by'])
      .where('identity_id', '=', 'acme:t1:key-b')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ decision: 'keep', attested_by: 'viewer-token' });
    expect(problems).toEqual([]);
  });
});
