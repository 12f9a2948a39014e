import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import { startDashboardProcess, startDemoFleet, type TestDashboard } from '../fixtures/stack';

// The demo fleet (16 hosts with real agents): export its state as a baseline, set it (no drift), then a
// changed baseline — the drift the page counts and the dry run's hosts agree, and the dry run sends nothing.

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

test('export → set is drift-free; a changed baseline shows the same hosts drifting and in the dry run', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, dashboard.url, ACCOUNTS.admin);
  // Every demo host has said hello (reported its options) once none is unknown on the fleet page.
  await page.goto(`${dashboard.url}/fleet`);
  await expect(page.getByTestId('count-unknown')).toHaveText('0', { timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Baseline' }).click();
  await page.waitForURL(`${dashboard.url}/baseline`);
  await expect(page.getByRole('heading', { name: 'Baseline', level: 1 })).toBeVisible();
  await expect(page.getByText('No baseline is set')).toBeVisible();

  const editor = page.getByTestId('baseline-yaml');
  await page.getByRole('button', { name: 'Export the current state' }).click();
  // The export names every pair (the example text names only SIPS_HA_1).
  await expect(editor).toHaveValue(/SIPS_HA_4/);
  await page.getByRole('button', { name: 'Dry run' }).click();
  // Generous: 16 agents starting their checks and the dashboard share two cores.
  await expect(page.getByTestId('baseline-dry-run-summary')).toContainText('No host would change', {
    timeout: 60_000,
  });
  await page.getByRole('button', { name: 'Set as the baseline' }).click();
  await expect(page.getByTestId('baseline-drift-summary')).toContainText('Every host matches it.');

  await editor.fill('fleet:\n  backup-init-check-timeout: "45"\n');
  await page.getByRole('button', { name: 'Set as the baseline' }).click();
  const drift = page.getByTestId('baseline-drift-summary');
  await expect(drift).toContainText(/\d+ hosts? drift from it/);
  const drifting = Number(/(\d+) hosts? drift/.exec((await drift.textContent()) ?? '')?.[1]);
  expect(drifting).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByTestId('baseline-dry-run-row')).toHaveCount(drifting);
  await expect(page.getByTestId('baseline-dry-run-row').first()).toContainText('backup-init-check-timeout');
  await expect(page.getByRole('button', { name: 'Roll out the baseline' })).toBeVisible();

  // A bad value is refused naming the field and the line; the active baseline stays.
  await editor.fill('fleet:\n  backup-init-check-timeout: "5"\n');
  await page.getByRole('button', { name: 'Set as the baseline' }).click();
  await expect(page.getByTestId('baseline-error')).toContainText('fleet.backup-init-check-timeout (line 2)');
  await expect(drift).toContainText(`${drifting} host`);

  // The findings page lists the drift like any other finding, one row per drifting host here.
  await page.goto(`${dashboard.url}/findings`);
  await expect(page.locator('[data-testid="finding-row"][data-code="baseline-drift"]')).toHaveCount(drifting);

  // Roll a baseline out: its change is listed with its outcome and marked on the host's startup chart.
  // One backup (a primary runs no startup check: its chart has no runs to place a change between).
  await page.goto(`${dashboard.url}/baseline`);
  // The editor shows the active baseline once the page is live: text typed before that would be lost.
  await expect(editor).toHaveValue(/backup-init-check-timeout: "45"/);
  await editor.fill(
    'hosts:\n  - match: "sip1b.example.net"\n    options:\n      backup-init-check-timeout: "45"\n',
  );
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByTestId('baseline-dry-run-row')).toHaveCount(1);
  await expect(page.getByTestId('baseline-dry-run-row')).toContainText('sip1b.example.net');
  await page.getByLabel('Canary wave (hosts)').fill('1');
  await page.getByLabel(/I confirm changing restricted options/).check();
  await page.getByLabel('Reason').fill('align the fleet with the baseline');
  await page.getByRole('button', { name: 'Roll out the baseline' }).click();
  await page.waitForURL(/\/rollouts\/[0-9a-f-]{36}$/);

  await page.goto(`${dashboard.url}/changes`);
  const change = page.getByTestId('change-row').first();
  await expect(change).toContainText('rollout wave 1');
  await expect(change).toContainText('backup-init-check-timeout=45');
  await change.getByRole('link', { name: /^#\d+$/ }).click();
  await expect(page.getByTestId('change-outcome-summary')).toHaveText(
    /^Since change #\d+: 1 host applied, 0 restarted, 0 now fail the check$/,
    { timeout: 30_000 },
  );
  await page.getByTestId('change-host-row').getByRole('link').first().click();
  await page.waitForURL(/\/hosts\/[0-9a-f-]{36}$/);
  // The chart is drawn once the host has a run with a startup time.
  await expect(page.getByTestId('chart-point').first()).toBeVisible({ timeout: 60_000 });
  const marker = page.getByTestId('chart-change-marker');
  await expect(marker).toHaveCount(1);
  await expect(marker.locator('title')).toHaveText(
    /Change #\d+ applied .*backup-init-check-timeout \d+ → 45/,
  );
});
