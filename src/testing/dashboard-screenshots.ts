import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startDashboardFixture } from './dashboard.js';

/**
 * `npm run screenshots`: the browser tests' setup (demo estate → store → real server), then one PNG per page at
 * 1280×800 into docs/screenshots/ (light, and the overview in dark). A development script, so it lives with the
 * test helpers and is never part of the build.
 */
const OUT = resolve(import.meta.dirname, '../../docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const fx = await startDashboardFixture({ size: 600, seed: 7 });
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const first = async (path: string, selector: string) => {
      const response = await fetch(`${fx.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${fx.tokens.admin}` },
      });
      const body = (await response.json()) as { items: Array<Record<string, unknown>> };
      return body.items[0]?.[selector] as string | { id: string };
    };
    const identity = await richestOfFixFirst(fx.url, fx.tokens.admin);
    const departed = (await first('/people?status=departed&limit=1', 'email')) as string;
    const run = (await first('/runs?limit=1', 'id')) as string;
    const pages: Array<[name: string, path: string, dark?: boolean]> = [
      ['overview', '/'],
      ['overview-dark', '/', true],
      ['inventory', '/inventory?sort=fixFirst'],
      ['identity', `/identities/${encodeURIComponent(identity)}`],
      ['findings', '/findings'],
      ['owners', '/owners?status=orphaned'],
      ['people', '/people'],
      ['offboarding', `/people/${encodeURIComponent(departed)}`],
      ['runs', '/runs'],
      ['run', `/runs/${encodeURIComponent(run)}`],
    ];
    for (const [name, path, dark] of pages) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        colorScheme: dark ? 'dark' : 'light',
      });
      const page = await context.newPage();
      await page.goto(`${fx.url}${path}#token=${fx.tokens.admin}`);
      await settle(page);
      // The identity page is shown whole: its graph and tables are the point of it.
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: name === 'identity' });
      await context.close();
      process.stdout.write(`docs/screenshots/${name}.png\n`);
    }
  } finally {
    await browser.close();
    await fx.close();
  }
}

/** Of the fix-first top 10, the identity that reaches the most (a graph worth showing). */
async function richestOfFixFirst(url: string, token: string): Promise<string> {
  const get = async <T>(path: string) =>
    (await (await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  const top = await get<{ items: Array<{ id: string }> }>('/identities?sort=fixFirst&limit=10');
  let best = { id: top.items[0].id, reach: -1 };
  for (const { id } of top.items) {
    const d = await get<{ permissions: unknown[]; edges: unknown[] }>(`/identities/${encodeURIComponent(id)}`);
    const reach = d.permissions.length + d.edges.length;
    if (reach > best.reach && reach <= 24) best = { id, reach };
  }
  return best.id;
}

/** Waits until the page's data has arrived (no "Loading…" left). */
async function settle(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  await page.waitForFunction(
    () => !document.querySelector('[aria-busy="true"]') && !/Loading…/.test(document.body.textContent ?? ''),
  );
}

await main();
