import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import {
  startDashboardProcess,
  startHostWithAgent,
  type TestDashboard,
  type TestHost,
} from '../fixtures/stack';

const APPLICATIONS = ['SIPS_DRYRUN_A', 'SIPS_DRYRUN_B'] as const;
const hostnameOf = (application: string) => `${application.toLowerCase()}.test`;
let dashboard: TestDashboard;
const hosts: TestHost[] = [];

test.beforeAll(async () => {
  dashboard = await startDashboardProcess();
  for (const application of APPLICATIONS) hosts.push(await startHostWithAgent(dashboard, application));
});

test.afterAll(async () => {
  for (const host of hosts) await host.stop();
  await dashboard?.stop();
});

const checkOption = (host: TestHost) => async () =>
  /^backup-init-check\s*=\s*(\S+)$/m.exec(await readFile(host.optionsPath, 'utf8'))?.[1];

/** Both hosts ticked on the fleet page (once their first check is in), and the editor open. */
async function editBothHosts(page: Page) {
  for (const application of APPLICATIONS) {
    const row = page.locator(`[data-testid="host-row"][data-host="${hostnameOf(application)}"]`);
    await expect(row.getByTestId('status')).toHaveText('RUNNING', { timeout: 30_000 });
    await row.getByRole('checkbox', { name: `Select ${hostnameOf(application)}` }).check();
  }
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Edit options…' }).click();
  return page.getByTestId('fleet-options-editor');
}

test('the preview is the server dry run for every host, and one click reverts the change on every host', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.operator);
  const editor = await editBothHosts(page);
  await editor.getByLabel('backup-init-check', { exact: true }).fill('false');

  // Per host: the file's value → the new one, and the finding the new value would raise.
  const preview = editor.getByTestId('change-preview');
  await expect(preview.getByTestId('preview-totals')).toHaveText(
    '2 hosts would change, 0 hosts unchanged, 2 hosts with new findings.',
  );
  for (const application of APPLICATIONS) {
    const row = preview.locator(`[data-testid="preview-row"][data-host="${hostnameOf(application)}"]`);
    await expect(row).toContainText('backup-init-check: true');
    await expect(row).toContainText('false');
    await expect(row.locator('[data-code="backup-check-disabled"]')).toBeVisible();
  }
  // Nothing sent yet: the options files are untouched.
  for (const host of hosts) expect(await checkOption(host)()).toBe('true');

  await editor.getByRole('button', { name: /^Send to 2 hosts/ }).click();
  for (const host of hosts) await expect.poll(checkOption(host), { timeout: 30_000 }).toBe('false');

  // One click (and its confirmation) sends the previous values back to both hosts.
  await editor.getByRole('button', { name: 'Revert this change' }).click();
  await editor.getByTestId('confirm-revert').click();
  await expect(editor.getByTestId('revert-result')).toHaveText('Reverting on 2 hosts.');
  for (const host of hosts) await expect.poll(checkOption(host), { timeout: 30_000 }).toBe('true');
});

test('the host history reverts one change and says which change a revert reverts; viewers cannot', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.operator);
  const hostname = hostnameOf(APPLICATIONS[0]);
  const row = page.locator(`[data-testid="host-row"][data-host="${hostname}"]`);
  await row.getByRole('link', { name: hostname }).click();
  await expect(page.getByTestId('host-page')).toBeVisible();

  // The first test's revert is the newest change; it names the change it reverted.
  const history = page.getByTestId('option-history');
  const first = history.getByTestId('history-row').first();
  await expect(first.getByTestId('reverts')).toContainText(/reverts change #\d+/);
  // By its id: once the revert is sent, a newer row comes first.
  const newest = history.locator(`[data-change="${await first.getAttribute('data-change')}"]`);

  // Reverting the revert: the check goes off again on this host only.
  await newest.getByTestId('revert').click();
  await newest.getByTestId('confirm-revert').click();
  await expect(newest.getByTestId('revert-result')).toHaveText('Reverting on 1 host.');
  await expect.poll(checkOption(hosts[0]!), { timeout: 30_000 }).toBe('false');
  expect(await checkOption(hosts[1]!)()).toBe('true');

  await page.context().clearCookies();
  await signIn(page, dashboard.url, ACCOUNTS.viewer);
  await page
    .locator(`[data-testid="host-row"][data-host="${hostname}"]`)
    .getByRole('link', { name: hostname })
    .click();
  await expect(page.getByTestId('option-history').getByTestId('history-row').first()).toBeVisible();
  await expect(page.getByTestId('option-history').getByTestId('revert')).toHaveCount(0);
});
