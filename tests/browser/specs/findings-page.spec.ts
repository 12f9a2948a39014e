import { expect, type Page, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import { startDashboardProcess, startDemoFleet, type TestDashboard } from '../fixtures/stack';

// The demo fleet: sip2b's Interaction Proxy never initializes (15 s timeout), sip3b's SIP port is held by
// another process. They are the backups that would not serve; their one critical finding is last-check-failed.
// sip8b's Operational Information thread is ready only at 25 s, after its 15 s timeout.
const FAILING = ['sip2b.example.net', 'sip3b.example.net', 'sip8b.example.net'];

let dashboard: TestDashboard;
let fleet: { stop(): Promise<void> };

test.beforeAll(async () => {
  dashboard = await startDashboardProcess();
  fleet = await startDemoFleet(dashboard);
});

test.afterAll(async () => {
  await fleet?.stop();
  await dashboard?.stop();
});

const rows = (page: Page) => page.getByTestId('finding-row');

async function distinctHosts(page: Page): Promise<string[]> {
  const hosts = await rows(page).evaluateAll((elements) =>
    elements.map((element) => element.getAttribute('data-host') ?? ''),
  );
  return [...new Set(hosts)].sort();
}

test('critical findings are the backups that would not serve, and the filter stays in the URL', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, dashboard.url, ACCOUNTS.viewer);

  // The fleet page's count, once both failing backups have failed (sip2b after its 15 s timeout).
  const wouldNotServe = page.getByTestId('count-would-not-serve');
  await expect(wouldNotServe).toHaveText(String(FAILING.length), { timeout: 90_000 });
  const count = Number(await wouldNotServe.textContent());

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' }).click();
  await page.waitForURL(`${dashboard.url}/findings`);
  await expect(page.getByRole('heading', { name: 'Findings' })).toBeVisible();
  await expect(rows(page).first()).toBeVisible();

  await page.getByLabel('Severity').selectOption('critical');
  await page.waitForURL(`${dashboard.url}/findings?severity=critical`);
  for (const hostname of FAILING) {
    const row = page.locator(
      `[data-testid="finding-row"][data-host="${hostname}"][data-code="last-check-failed"]`,
    );
    await expect(row).toBeVisible();
    await expect(row.getByTestId('finding-severity')).toHaveText('critical');
    await expect(row.getByRole('link', { name: hostname })).toHaveAttribute(
      'href',
      /^\/hosts\/[0-9a-f-]{36}$/,
    );
  }
  await expect(page.locator('[data-testid="finding-row"]:not([data-severity="critical"])')).toHaveCount(0);
  expect(await distinctHosts(page)).toEqual(FAILING);
  expect((await distinctHosts(page)).length).toBe(count);

  // A reload (or a shared link) shows the same view.
  await page.reload();
  await expect(page).toHaveURL(`${dashboard.url}/findings?severity=critical`);
  await expect(page.getByLabel('Severity')).toHaveValue('critical');
  await expect(rows(page)).toHaveCount(FAILING.length);
  expect(await distinctHosts(page)).toEqual(FAILING);

  // The code filter narrows further, and joins the severity in the URL.
  await page.getByLabel('Code').selectOption('backup-check-disabled');
  await page.waitForURL(`${dashboard.url}/findings?severity=critical&code=backup-check-disabled`);
  await expect(page.getByText('No finding matches the filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL(`${dashboard.url}/findings`);
  await expect(page.getByLabel('Severity')).toHaveValue('');
});
