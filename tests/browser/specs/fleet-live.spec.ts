import { expect, test } from '@playwright/test';
import { startDashboardProcess, startHostWithAgent } from '../fixtures/stack';

let dashboard: Awaited<ReturnType<typeof startDashboardProcess>>;

test.beforeAll(async () => {
  dashboard = await startDashboardProcess();
});

test.afterAll(async () => {
  await dashboard?.stop();
});

test('the fleet page shows a real agent’s host appear and turn RUNNING, live, without a reload', async ({
  page,
}) => {
  await page.goto(`${dashboard.url}/fleet`);
  await expect(page.getByTestId('live-indicator')).toHaveText(/live/);
  await expect(page.getByText('No agent has reported yet.')).toBeVisible();
  // A marker that a reload would wipe out.
  await page.evaluate(() => {
    (window as unknown as { standbyNoReload: boolean }).standbyNoReload = true;
  });

  const host = await startHostWithAgent(dashboard.url, 'SIPS_BROWSER_B');
  try {
    const row = page.locator('[data-testid="host-row"][data-host="sips_browser_b.test"]');
    await expect(row).toBeVisible();
    await expect(row.getByTestId('status')).toHaveText('RUNNING');
    await expect(row).toContainText('SIPS_BROWSER_B_PAIR');
    await expect(row).toContainText('connected');
    await expect(page.getByTestId('count-RUNNING')).toHaveText('1');
    expect(
      await page.evaluate(() => (window as unknown as { standbyNoReload?: boolean }).standbyNoReload),
    ).toBe(true);
  } finally {
    await host.stop();
  }
  // The agent went away: the host turns UNKNOWN, again live.
  const row = page.locator('[data-testid="host-row"][data-host="sips_browser_b.test"]');
  await expect(row.getByTestId('status')).toHaveText('UNKNOWN');
});
