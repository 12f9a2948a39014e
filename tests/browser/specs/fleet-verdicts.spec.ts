import { expect, type Locator, type Page, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import { startDashboardProcess, startDemoFleet, type TestDashboard } from '../fixtures/stack';

// The demo fleet: sip2b's Interaction Proxy never initializes (15 s timeout), sip3b's SIP port is held by
// another process; sip6b runs a version too old for the check, sip7b has the check turned off.
// sip8b's Operational Information thread is ready only at 25 s, after its 15 s timeout.
const FAILING = ['sip2b.example.net', 'sip3b.example.net', 'sip8b.example.net'];
const UNVERIFIED = ['sip6b.example.net', 'sip7b.example.net'];

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

const rowOf = (page: Page, hostname: string): Locator =>
  page.locator(`[data-testid="host-row"][data-host="${hostname}"]`);

test('a failing backup is counted and filtered as "would not serve", with its reason, as on its host page', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, dashboard.url, ACCOUNTS.viewer);

  // Each failing backup says so, and why, in its own row (sip2b fails once its 15 s timeout passes).
  const sip2b = rowOf(page, 'sip2b.example.net');
  await expect(sip2b.getByTestId('verdict')).toHaveText('would not serve', { timeout: 90_000 });
  // The first reason names the Interaction Proxy — or, when another component was also judged not ready in
  // time (seen once on a loaded machine, an agent starting beside its SIP Server), sums them up; the host
  // page below lists every reason, the Interaction Proxy's among them.
  await expect(sip2b.getByTestId('verdict-reason')).toContainText(
    /Interaction Proxy|\d components not ready in time/,
  );
  const sip3b = rowOf(page, 'sip3b.example.net');
  await expect(sip3b.getByTestId('verdict')).toHaveText('would not serve', { timeout: 60_000 });
  await expect(sip3b.getByTestId('verdict-reason')).toContainText(/port/i);
  await expect(page.getByTestId('count-would-not-serve')).toHaveText(String(FAILING.length));

  // The headline card filters the list to exactly those.
  await page.getByTestId('verdict-card-would-not-serve').click();
  await expect(page.getByTestId('verdict-card-would-not-serve')).toHaveAttribute('aria-pressed', 'true');
  const rows = page.getByTestId('host-row');
  await expect(rows).toHaveCount(FAILING.length);
  for (const hostname of FAILING)
    await expect(rowOf(page, hostname)).toHaveAttribute('data-verdict', 'would-not-serve');
  await expect(page.getByText(`Showing ${FAILING.length} of ${FAILING.length} hosts.`)).toBeVisible();

  // Its host page gives the same verdict, with the same reason first and every reason listed.
  const reason = (await sip2b.getByTestId('verdict-reason').textContent())?.trim() ?? '';
  await sip2b.getByRole('link', { name: 'sip2b.example.net' }).click();
  await page.waitForURL(/\/hosts\/[0-9a-f-]{36}$/);
  const panel = page.getByTestId('verdict-panel');
  await expect(panel.getByTestId('verdict')).toHaveText('would not serve');
  await expect(panel.getByTestId('verdict-reason')).toHaveText(reason);
  await expect(panel.getByTestId('verdict-reasons')).toContainText('Interaction Proxy');
  // A component that never became ready is not drawn as a fast start.
  const chart = page.getByTestId('startup-chart');
  await expect(chart.locator('[data-testid="chart-point"][data-kind="never"]').first()).toBeAttached();
  await expect(chart.locator('[data-testid="chart-point"][data-kind="passed"]')).toHaveCount(0);
});

test('backups that nothing verifies are "not verified", with the reason, not a green RUNNING', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.viewer);
  for (const hostname of UNVERIFIED) {
    const row = rowOf(page, hostname);
    await expect(row.getByTestId('verdict')).toHaveText('not verified', { timeout: 60_000 });
    await expect(row.getByTestId('verdict-reason')).not.toBeEmpty();
  }
  await page.getByTestId('verdict-card-not-verified').click();
  await expect(page.getByTestId('host-row')).toHaveCount(UNVERIFIED.length);
  // Primaries are counted apart: the question is about backups.
  await expect(page.getByTestId('count-primary')).toHaveText('8');
  await expect(page.getByTestId('count-would-serve')).not.toHaveText('0');
});
