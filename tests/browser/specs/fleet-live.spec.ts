import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import { startDashboardProcess, startHostWithAgent, type TestDashboard } from '../fixtures/stack';

let dashboard: TestDashboard;

test.beforeAll(async () => {
  dashboard = await startDashboardProcess();
});

test.afterAll(async () => {
  await dashboard?.stop();
});

test('the fleet page shows a real agent’s host appear and turn “would serve”, live, without a reload', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.viewer);
  await expect(page.getByTestId('live-indicator')).toHaveText(/live/);
  await expect(page.getByText('No agent has reported yet.')).toBeVisible();
  // A marker that a reload would wipe out.
  await page.evaluate(() => {
    (window as unknown as { standbyNoReload: boolean }).standbyNoReload = true;
  });

  const host = await startHostWithAgent(dashboard, 'SIPS_BROWSER_B');
  const row = page.locator('[data-testid="host-row"][data-host="sips_browser_b.test"]');
  try {
    await expect(row).toBeVisible();
    await expect(row.getByTestId('verdict')).toHaveText('would serve');
    await expect(row.getByTestId('status')).toHaveText('RUNNING');
    await expect(row).toContainText('SIPS_BROWSER_B_PAIR');
    await expect(row).toContainText('connected');
    await expect(row).toContainText('Backup');
    await expect(row).toContainText('check 15 s');
    await expect(page.getByTestId('count-would-serve')).toHaveText('1');
    await expect(page.getByTestId('count-would-not-serve')).toHaveText('0');
    expect(
      await page.evaluate(() => (window as unknown as { standbyNoReload?: boolean }).standbyNoReload),
    ).toBe(true);
  } finally {
    await host.stop();
  }
  // The agent went away: the verdict turns unknown (with why), again live, and the counts follow.
  await expect(row.getByTestId('verdict')).toHaveText('unknown');
  await expect(row.getByTestId('verdict-reason')).not.toBeEmpty();
  await expect(row.getByTestId('status')).toHaveText('UNKNOWN');
  await expect(row).toContainText('offline');
  await expect(page.getByTestId('count-unknown')).toHaveText('1');
  await expect(page.getByTestId('count-would-serve')).toHaveText('0');
  // The verdict filter re-reads on live changes: the host is listed under "unknown", not "would serve".
  await page.getByTestId('verdict-card-would-serve').click();
  await expect(page.getByTestId('host-row')).toHaveCount(0);
  await page.getByTestId('verdict-card-would-serve').click();
  await page.getByTestId('verdict-card-unknown').click();
  await expect(row).toBeVisible();
});
