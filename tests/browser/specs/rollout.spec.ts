import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import {
  startDashboardProcess,
  startHostWithAgent,
  type TestDashboard,
  type TestHost,
} from '../fixtures/stack';

// Pair names order the rollout: A (the canary) before B.
const APPLICATIONS = ['SIPS_ROLL_A', 'SIPS_ROLL_B'] as const;
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

test('a rollout in waves: the canary only, live; halt, an operator go for the next wave, then revert everything applied', async ({
  page,
}) => {
  const [canaryHost, secondHost] = hosts as [TestHost, TestHost];
  await signIn(page, dashboard.url, ACCOUNTS.operator);
  for (const application of APPLICATIONS) {
    const row = page.locator(`[data-testid="host-row"][data-host="${hostnameOf(application)}"]`);
    await expect(row.getByTestId('status')).toHaveText('RUNNING', { timeout: 30_000 });
    await row.getByRole('checkbox', { name: `Select ${hostnameOf(application)}` }).check();
  }
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Edit options…' }).click();
  const editor = page.getByTestId('fleet-options-editor');
  await editor.getByLabel('backup-init-check', { exact: true }).fill('false');

  const choice = editor.getByTestId('rollout-choice');
  await choice.getByLabel(/Roll out in waves/).check();
  await choice.getByLabel('Canary wave', { exact: true }).fill('1');
  await choice.getByLabel('Next waves', { exact: true }).fill('1');
  await choice.getByLabel('Next waves unit').selectOption('hosts');
  // A plan the server would refuse is refused as it is typed, naming the field.
  await choice.getByLabel('Wave timeout (minutes)').fill('0');
  await expect(choice.getByTestId('rollout-draft-error')).toContainText('Wave timeout');
  await choice.getByLabel('Wave timeout (minutes)').fill('60');
  await editor.getByRole('button', { name: 'Start the rollout' }).click();

  // The rollout's page, live: the canary is sent and applied, the second wave waits.
  await page.waitForURL(/\/rollouts\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('rollout-state')).toHaveText('running');
  await expect.poll(checkOption(canaryHost), { timeout: 30_000 }).toBe('false');
  const waves = page.getByTestId('wave-row');
  await expect(waves).toHaveCount(2);
  await expect(waves.nth(0).getByTestId('wave-state')).toHaveText('sent');
  await expect(waves.nth(0)).toContainText('Canary');
  await expect(waves.nth(1).getByTestId('wave-state')).toHaveText('planned');
  // Applied, waiting for the SIP Server's restart: counted as such, without a reload.
  await expect(waves.nth(0).locator('td').nth(3)).toHaveText('1');
  expect(await checkOption(secondHost)()).toBe('true');

  await page.getByTestId('halt-rollout').click();
  await expect(page.getByTestId('rollout-state')).toHaveText('halted');
  await expect(page.getByTestId('rollout-state-reason')).toContainText('Halted by operator@demo.standby');

  // An operator's go sends the next wave now.
  await page.getByTestId('continue-rollout').click();
  await expect.poll(checkOption(secondHost), { timeout: 30_000 }).toBe('false');
  await expect(waves.nth(1).getByTestId('wave-state')).toHaveText('sent');

  // Revert what was applied: both hosts get their previous value back, the rollout ends.
  await page.getByRole('button', { name: 'Revert what was applied' }).click();
  await page.getByRole('button', { name: 'Confirm revert' }).click();
  await expect(page.getByTestId('rollout-state')).toHaveText('reverted');
  await expect(page.getByTestId('rollout-state-reason')).toContainText('2 hosts sent their previous values');
  for (const host of hosts) await expect.poll(checkOption(host), { timeout: 30_000 }).toBe('true');
  await expect(page.getByTestId('rollout-actions').getByRole('button')).toHaveCount(0);

  // The list shows it; a viewer sees the rollout but no controls.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rollouts' }).click();
  await expect(page.getByTestId('rollout-row').first()).toContainText('reverted');
  await page.context().clearCookies();
  await signIn(page, dashboard.url, ACCOUNTS.viewer, '/rollouts');
  await page.getByTestId('rollout-row').first().getByRole('link').first().click();
  await expect(page.getByTestId('rollout-state')).toHaveText('reverted');
  await expect(page.getByTestId('rollout-actions')).toHaveCount(0);
});
