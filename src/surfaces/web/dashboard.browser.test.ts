import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityLabel } from '../../emulation/estate/index.js';
import { BUILTIN_RULES, connectorFor, PLATFORMS } from '../../platforms/registry.js';
import { type DashboardFixture, type DashboardRole, startDashboardFixture } from '../../testing/dashboard.js';

/**
 * The dashboard in a real headless Chromium against the real server on a scanned demo estate. Expected figures
 * come from the estate's labels (the generator's ground truth) or from the API, never from the app's code.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SKIP = process.env.STEWARD_SKIP_BROWSER === '1';

let fx: DashboardFixture;
let browser: Browser;
let labels: IdentityLabel[];
const contexts: BrowserContext[] = [];
/** Problems seen by any page of the current test: console errors, page errors, requests off 127.0.0.1. */
let problems: string[] = [];

/** Most severe first (the model's SEVERITIES run the other way). */
const WORST_FIRST = ['critical', 'high', 'medium', 'low', 'info'];
const severityOf = new Map(BUILTIN_RULES.map((r) => [r.meta.id, r.meta.severity]));

async function api<T>(
  path: string,
  role: DashboardRole = 'admin',
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${fx.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${fx.tokens[role]}`, 'content-type': 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function open(
  path: string,
  options: { role?: DashboardRole | null; width?: number; dark?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 800 },
    colorScheme: options.dark ? 'dark' : 'light',
  });
  contexts.push(context);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    problems.push(`request left 127.0.0.1: ${url.href}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  if (options.role === null) {
    await page.goto(`${fx.url}${path}`);
    return page;
  }
  await page.goto(`${fx.url}${path}#token=${fx.tokens[options.role ?? 'admin']}`);
  await page.locator('header.top').waitFor();
  return page;
}

const figure = (page: Page, label: string) =>
  page
    .locator('.figure')
    .filter({ has: page.locator('.figure-label', { hasText: new RegExp(`^${label}$`) }) })
    .locator('.figure-value');

describe.skipIf(SKIP)('dashboard (headless Chromium)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install it (Debian: \`apt-get install -y chromium\`; .ci/run does), ` +
          'or set CHROMIUM_PATH to a Chromium binary, or set STEWARD_SKIP_BROWSER=1 to skip the browser tests.',
      );
    fx = await startDashboardFixture({ size: 300, seed: 7 });
    const scanned = new Set(PLATFORMS.filter((p) => fx.estate.platforms[p.id] && connectorFor(p.id)).map((p) => p.id));
    labels = fx.estate.labels.identities.filter((l) => scanned.has(l.platform));
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    const seen = problems;
    problems = [];
    expect(seen, 'console errors or requests off localhost').toEqual([]);
  });

  it('overview: the estate figures, fix-first top 10, trend and last runs', async () => {
    const page = await open('/');
    expect(new URL(page.url()).hash, 'token removed from the address bar').toBe('');
    await expect.poll(() => figure(page, 'identities').textContent()).toBe(String(labels.length));
    const planted = labels.reduce((n, l) => n + l.risks.length, 0);
    expect(await figure(page, 'open findings').textContent()).toBe(String(planted));
    const fixFirst = page.locator('[data-testid="fix-first"] tbody tr');
    expect(await fixFirst.count()).toBe(10);
    const worst = WORST_FIRST.find((s) => labels.some((l) => l.risks.some((r) => severityOf.get(r) === s)));
    expect(await fixFirst.first().locator('.sev').textContent()).toBe(worst);
    // The first row links to an identity that carries a planted risk of that severity.
    const firstHref = (await fixFirst.first().locator('a').getAttribute('href')) ?? '';
    const firstId = decodeURIComponent(firstHref.replace('/identities/', ''));
    expect(labels.find((l) => l.id === firstId)?.risks.some((r) => severityOf.get(r) === worst)).toBe(true);
    const tenants = new Set(labels.map((l) => `${l.platform}:${l.tenant}`));
    expect(await page.locator('svg.trend circle').count()).toBe(tenants.size);
    const runs = page.locator('[data-testid="runs"] tbody tr');
    expect(await runs.count()).toBe(tenants.size);
    expect(await runs.locator('.status').allTextContents()).toEqual([...tenants].map(() => 'succeeded'));
  });

  it('inventory: platform filter in the URL, search by name, columns kept across reloads', async () => {
    const platform = PLATFORMS.find((p) => labels.some((l) => l.platform === p.id))!;
    const page = await open('/inventory');
    await page.locator('form.filters select[name="platform"]').selectOption(platform.id);
    await expect.poll(() => new URL(page.url()).searchParams.get('platform')).toBe(platform.id);
    const rows = page.locator('[data-testid="inventory"] tbody tr');
    const platformsShown = async () => [...new Set(await rows.locator('td:nth-child(2)').allTextContents())];
    await expect.poll(platformsShown).toEqual([platform.id]);
    expect(await rows.count()).toBe(Math.min(50, labels.filter((l) => l.platform === platform.id).length));

    const target = labels.find((l) => l.platform === platform.id && l.credentials.length > 0)!;
    await page.getByLabel('Search').fill(target.name);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(target.name);
    await expect(
      page.locator(`[data-testid="inventory"] a[href="/identities/${encodeURIComponent(target.id)}"]`).textContent(),
    ).resolves.toBe(target.name);

    await page.locator('details.columns summary').click();
    await page.getByRole('checkbox', { name: 'Tenant' }).uncheck();
    await page.reload();
    await page.locator('[data-testid="inventory"] thead').waitFor();
    const headers = await page.locator('[data-testid="inventory"] thead th').allTextContents();
    expect(headers).not.toContain('Tenant');
    expect(headers).toContain('Name');
  });

  it('identity page: credentials, owner and what it can reach', async () => {
    const target = labels.find((l) => l.credentials.length > 0 && l.permissions.length > 1 && l.owner)!;
    const page = await open(`/identities/${encodeURIComponent(target.id)}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(target.name);
    expect(await page.locator('[data-testid="credentials"] tbody tr').count()).toBe(target.credentials.length);
    const nodes = page.locator('svg.reach g.node');
    expect(await nodes.count()).toBeGreaterThan(1);
    expect(
      await nodes.evaluateAll((gs) =>
        gs.every((g) => g.getAttribute('tabindex') === '0' && !!g.querySelector('title')),
      ),
    ).toBe(true);
    // The label names an owner: the page shows one (its e-mail when attribution found one), never "No owner".
    const owner = await page.locator('[data-testid="owner"]').textContent();
    expect(target.owner).not.toBeNull();
    expect(owner).not.toBe('No owner.');
  });

  it('findings triage: suppress, then unsuppress, as the API records it', async () => {
    const page = await open('/findings?severity=critical');
    const row = page.locator('[data-testid="findings"] tbody tr[data-finding]').first();
    const id = (await row.getAttribute('data-finding'))!;
    await row.getByRole('button', { name: 'Suppress' }).click();
    await page.locator('.inline-form').getByLabel('Reason').fill('accepted risk: break-glass account');
    await page.locator('.inline-form').getByRole('button', { name: 'Suppress' }).click();
    await page.locator('.toast', { hasText: 'Suppressed' }).waitFor();
    const after = await api<{ items: Array<{ id: string; status: string; suppression: { reason: string } | null }> }>(
      '/findings?status=suppressed&severity=critical&limit=500',
    );
    const suppressed = after.body.items.find((f) => f.id === id);
    expect(suppressed?.status).toBe('suppressed');
    expect(suppressed?.suppression?.reason).toBe('accepted risk: break-glass account');

    await page.goto(`${fx.url}/findings?status=suppressed`);
    const again = page.locator(`tr[data-finding="${id}"]`);
    await again.getByRole('button', { name: 'Unsuppress' }).click();
    await page.locator('.inline-form').getByLabel('Reason').fill('risk no longer accepted');
    await page.locator('.inline-form').getByRole('button', { name: 'Unsuppress' }).click();
    await page.locator('.toast', { hasText: 'Unsuppressed' }).waitFor();
    const reopened = await api<{ items: Array<{ id: string; status: string }> }>(
      '/findings?severity=critical&limit=500',
    );
    expect(reopened.body.items.find((f) => f.id === id)?.status).toBe('open');
  });

  it('owners: assign an owner to an orphan', async () => {
    const person = fx.estate.labels.people.find((p) => p.status === 'active')!;
    const page = await open('/owners?status=orphaned');
    const row = page.locator('[data-testid="owners"] tbody tr[data-identity]').first();
    const id = (await row.getAttribute('data-identity'))!;
    await row.getByRole('button', { name: 'Assign' }).click();
    await page.getByLabel('Owner (e-mail or team:NAME)').fill(person.email);
    await page.getByLabel('Reason', { exact: true }).fill('confirmed with the team');
    await page.locator('.inline-form').getByRole('button', { name: 'Assign' }).click();
    await page.locator('.toast', { hasText: `Owner set to ${person.email}` }).waitFor();
    const detail = await api<{ owner: { email: string | null } | null }>(`/identities/${encodeURIComponent(id)}`);
    expect(detail.body.owner?.email).toBe(person.email);
  });

  it('owners: accept in bulk the suggested owners of identities whose owner departed', async () => {
    const page = await open('/owners?status=departed');
    const rows = page.locator('[data-testid="owners"] tbody tr[data-identity]');
    await rows.first().waitFor();
    await page.getByRole('button', { name: 'Select all with a suggestion' }).click();
    const selected = await rows.evaluateAll((trs) =>
      trs
        .filter((tr) => tr.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked)
        .map((tr) => tr.getAttribute('data-identity')!),
    );
    expect(selected.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: `Accept ${selected.length} suggestions` }).click();
    await page.locator('.toast', { hasText: `Accepted ${selected.length} suggested owners` }).waitFor();
    // The labels: a departed owner's identities go to that person's manager (when the manager is still here).
    const people = new Map(fx.estate.labels.people.map((p) => [p.email, p]));
    let checked = 0;
    for (const id of selected) {
      const owner = people.get(labels.find((l) => l.id === id)?.owner?.email ?? '');
      const manager = people.get(owner?.managerEmail ?? '');
      if (owner?.status !== 'departed' || manager?.status !== 'active') continue;
      const detail = await api<{ owner: { email: string | null } | null }>(`/identities/${encodeURIComponent(id)}`);
      expect(detail.body.owner?.email, id).toBe(manager.email);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('people and a departed person’s offboarding report', async () => {
    const owners = new Set(labels.flatMap((l) => (l.owner?.email ? [l.owner.email] : [])));
    const person = fx.estate.labels.people.find((p) => p.status === 'departed' && owners.has(p.email))!;
    const page = await open(`/people?q=${encodeURIComponent(person.email)}`);
    const link = page.locator('[data-testid="people"] a', { hasText: person.name });
    await link.click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(person.name);
    const owned = labels.filter((l) => l.owner?.email === person.email).map((l) => l.name);
    const shown = await page.locator('[data-testid="offboarding"] tbody tr td:first-child a').allTextContents();
    expect(owned.some((name) => shown.includes(name))).toBe(true);
  });

  it('runs: one per tenant, and a run’s per-source outcomes', async () => {
    const page = await open('/runs');
    const tenants = new Set(labels.map((l) => `${l.platform}:${l.tenant}`));
    const rows = page.locator('[data-testid="runs"] tbody tr');
    await expect.poll(() => rows.count()).toBe(tenants.size);
    expect(new Set(await rows.locator('td:first-child a').allTextContents())).toEqual(tenants);
    const runId = decodeURIComponent(
      ((await rows.first().locator('a').getAttribute('href')) ?? '').replace('/runs/', ''),
    );
    await rows.first().locator('a').click();
    const sources = page.locator('[data-testid="sources"] tbody tr');
    await sources.first().waitFor();
    // Every source the run recorded, with its outcome as recorded (not-run included: unknown is not empty).
    const recorded = (
      await api<{ sources: Array<{ id: string; outcome: string }> }>(`/runs/${encodeURIComponent(runId)}`)
    ).body;
    const shown = await sources.evaluateAll((trs) =>
      (trs as HTMLTableRowElement[]).map((tr) => `${tr.cells[0].textContent}=${tr.cells[1].textContent}`),
    );
    expect(shown).toEqual(recorded.sources.map((s) => `${s.id}=${s.outcome}`));
    expect(recorded.sources.length).toBeGreaterThan(0);
  });

  it('a viewer sees the write controls disabled and the API refuses its writes', async () => {
    const page = await open('/findings', { role: 'viewer' });
    await page.locator('[data-testid="write-block"]').waitFor();
    const suppress = page.locator('[data-testid="findings"] tbody').getByRole('button', { name: 'Suppress' });
    await suppress.first().waitFor();
    expect(await suppress.evaluateAll((bs) => bs.every((b) => (b as HTMLButtonElement).disabled))).toBe(true);
    await page.goto(`${fx.url}/owners`);
    const assign = page.locator('[data-testid="owners"] tbody').getByRole('button', { name: 'Assign' });
    await assign.first().waitFor();
    expect(await assign.first().isDisabled()).toBe(true);
    const finding = (await api<{ items: Array<{ id: string }> }>('/findings?limit=1', 'viewer')).body.items[0];
    const refused = await api(`/findings/${encodeURIComponent(finding.id)}/suppress`, 'viewer', {
      method: 'POST',
      body: JSON.stringify({ reason: 'viewer tries' }),
    });
    expect(refused.status).toBe(403);
  });

  it('without a token: the paste-your-token form signs in; the skip link is the first tab stop', async () => {
    const page = await open('/runs', { role: null });
    await page.getByLabel('Paste your API token').fill(fx.tokens.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Runs');
    expect(await page.locator('header .tag').textContent()).toBe('viewer');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('at 390 px wide no page scrolls sideways', async () => {
    const page = await open('/', { width: 390 });
    const id = labels.find((l) => l.permissions.length > 1)!.id;
    for (const path of [
      '/',
      '/inventory',
      `/identities/${encodeURIComponent(id)}`,
      '/findings',
      '/owners',
      '/people',
      '/runs',
    ]) {
      await page.goto(`${fx.url}${path}`);
      await page.locator('main h1').waitFor();
      await page.locator('table, .chart').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  it('dark mode follows the system and the toggle switches it', async () => {
    const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await open('/');
    const lightBg = await background(light);
    await light.getByRole('button', { name: 'Dark mode' }).click();
    expect(await light.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const toggled = await background(light);
    expect(toggled).not.toBe(lightBg);
    const dark = await open('/', { dark: true });
    expect(await background(dark)).toBe(toggled);
  });

  it('runs: an admin starts a scan of one platform and follows it to the end; the new runs are listed', async () => {
    const platform = PLATFORMS.find((p) => labels.some((l) => l.platform === p.id))!;
    const tenants = new Set(labels.filter((l) => l.platform === platform.id).map((l) => `${platform.id}:${l.tenant}`));
    const before = (await api<{ items: unknown[] }>(`/runs?platform=${platform.id}&limit=200`)).body.items.length;
    const page = await open('/runs');
    // The runs list answers after the platform is chosen, so the page re-renders after the choice: it must stand.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/api\/v1\/runs\?/, async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await page.locator('header.top').waitFor();
    await page.getByLabel('Scan platform').selectOption(platform.id);
    const listed = page.waitForResponse(/\/api\/v1\/runs\?/);
    release();
    await listed;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await page.getByLabel('Scan platform').inputValue()).toBe(platform.id);
    await page.getByRole('button', { name: 'Start scan' }).click();
    const status = page.getByTestId('scan-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('finished');
    // One line per tenant of that platform, each saying how its run ended.
    const lines = await status.locator('li').allTextContents();
    expect(new Set(lines.map((l) => l.split(': ')[0]))).toEqual(tenants);
    for (const line of lines) expect(line).toMatch(/: (succeeded|partial)/);
    const after = (await api<{ items: unknown[] }>(`/runs?platform=${platform.id}&limit=200`)).body.items.length;
    expect(after).toBe(before + tenants.size);
    await expect.poll(() => page.locator('[data-testid="runs"] tbody tr').count()).toBeGreaterThan(before);
  });

  it('runs: a viewer is told that scans need an admin token, and has no scan button', async () => {
    const page = await open('/runs', { role: 'viewer' });
    await page.getByText('Starting a scan needs an admin token.').waitFor();
    expect(await page.getByRole('button', { name: 'Start scan' }).count()).toBe(0);
  });
});
