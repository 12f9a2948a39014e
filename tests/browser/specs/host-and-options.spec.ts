import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import {
  startDashboardProcess,
  startHostWithAgent,
  type TestDashboard,
  type TestHost,
} from '../fixtures/stack';

const HOSTNAME = 'sips_browser_h.test';
let dashboard: TestDashboard;
let host: TestHost;

test.beforeAll(async () => {
  dashboard = await startDashboardProcess();
  host = await startHostWithAgent(dashboard, 'SIPS_BROWSER_H');
});

test.afterAll(async () => {
  await host?.stop();
  await dashboard?.stop();
});

/** From the fleet page, once the host's first check is in, to its host page. */
async function openHostPage(page: Page): Promise<string> {
  const row = page.locator(`[data-testid="host-row"][data-host="${HOSTNAME}"]`);
  await expect(row.getByTestId('status')).toHaveText('RUNNING');
  await row.getByRole('link', { name: HOSTNAME }).click();
  await page.waitForURL(/\/hosts\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('host-page')).toBeVisible();
  return page.url().split('/hosts/')[1]!;
}

const readOptions = () => readFile(host.optionsPath, 'utf8');

test('drilling into a host shows its facts, each component against the timeout, the port check and the startup chart', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.operator);
  await openHostPage(page);

  await expect(page.getByRole('heading', { level: 1 })).toContainText(HOSTNAME);
  const verdict = page.getByTestId('verdict-panel');
  await expect(verdict.getByTestId('verdict')).toHaveText('would serve');
  await expect(page.getByTestId('host-events')).toBeVisible();
  await expect(page.getByTestId('host-facts')).toContainText('SIPS_BROWSER_H');
  await expect(page.getByTestId('host-facts')).toContainText('8.1.103.64');
  const latest = page.getByTestId('run').first();
  await expect(latest).toHaveAttribute('data-status', 'RUNNING');
  await expect(latest.getByTestId('component-bar')).toHaveCount(4);
  await expect(latest.locator('[data-testid="component-bar"][data-state="ready"]')).toHaveCount(4);
  await expect(latest.locator('[data-component="operational-info"]')).toContainText(/ready after .* of 15 s/);
  await expect(latest.getByTestId('port-check')).toHaveAttribute('data-state', 'passed');
  await expect(
    page.getByTestId('startup-chart').locator('[data-testid="chart-point"][data-kind="passed"]').first(),
  ).toBeVisible();
  await expect(
    page.locator('[data-testid="option-row"][data-option="backup-init-check-timeout"]'),
  ).toContainText('15');

  // "Run check now": the agent runs it and the new run appears without a reload.
  const runs = page.getByTestId('run');
  const before = await runs.count();
  await page.getByRole('button', { name: 'Run check now' }).click();
  await expect.poll(() => runs.count(), { timeout: 30_000 }).toBeGreaterThan(before);
  await expect(runs.first()).toContainText('trigger: command');
});

test('an invalid value is refused inline, with the valid values, before anything is sent', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.operator);
  await openHostPage(page);
  await page.getByRole('button', { name: 'Edit options' }).click();
  const editor = page.getByTestId('options-editor');
  const timeout = editor.getByLabel('backup-init-check-timeout');
  const send = editor.getByRole('button', { name: /^Send to/ });

  await timeout.fill('abc');
  await expect(editor.getByTestId('option-error-backup-init-check-timeout')).toContainText(
    'not a whole number',
  );
  await expect(editor.getByTestId('option-error-backup-init-check-timeout')).toContainText(
    'valid values: integer 15-3600',
  );
  await expect(timeout).toHaveAttribute('aria-invalid', 'true');
  await expect(send).toBeDisabled();

  await timeout.fill('5');
  await expect(editor.getByTestId('option-error-backup-init-check-timeout')).toContainText(
    'below the minimum 15',
  );
  await expect(send).toBeDisabled();

  await timeout.fill('');
  await editor.getByLabel('backup-init-check', { exact: true }).fill('maybe');
  await expect(editor.getByTestId('option-error-backup-init-check')).toContainText('not true or false');
  await expect(send).toBeDisabled();
  await expect(editor.getByTestId('submit-blocker')).toHaveText('Correct the invalid values first.');
  expect(await readOptions()).toMatch(/^backup-init-check = true$/m);
});

test('an operator changes a restricted option and the real agent writes it to its options file', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.operator);
  await openHostPage(page);
  expect(await readOptions()).toMatch(/^backup-init-check-timeout = 15$/m);
  await page.getByRole('button', { name: 'Edit options' }).click();
  const editor = page.getByTestId('options-editor');
  const send = editor.getByRole('button', { name: /^Send to 1 host/ });

  await editor.getByLabel('backup-init-check-timeout').fill('30');
  await expect(editor.getByTestId('restricted-warning')).toContainText('Restricted option');
  await expect(send).toBeDisabled();
  await editor.getByLabel('I confirm the change of this restricted option').check();
  await expect(editor.getByTestId('submit-blocker')).toContainText('Give a reason');
  await editor.getByLabel('Reason').fill('components take up to 20 s at this site');
  const preview = editor.locator(`[data-testid="preview-row"][data-host="${HOSTNAME}"]`);
  await expect(preview).toContainText('backup-init-check-timeout: 15');
  await expect(preview).toContainText('30');
  await send.click();

  // Delivered to the agent, written to the file, waiting for the SIP Server to restart.
  const delivery = page.locator(`[data-testid="delivery-row"][data-host="${HOSTNAME}"]`);
  await expect(delivery).toHaveAttribute('data-state', 'pending-restart', { timeout: 30_000 });
  await expect(delivery.getByTestId('delivery-state')).toHaveText('pending restart');
  await expect.poll(readOptions, { timeout: 15_000 }).toMatch(/^backup-init-check-timeout\s*=\s*30$/m);
  // The host page follows: configured 30, effective still 15 until the restart; the history has the change.
  await expect(
    page.locator(
      '[data-testid="option-row"][data-option="backup-init-check-timeout"] [data-testid="configured-value"]',
    ),
  ).toContainText('30');
  await expect(page.getByTestId('option-history').getByTestId('history-row').first()).toContainText(
    'components take up to 20 s at this site',
  );
});

test('a viewer sees no edit controls, and the server refuses the change when asked directly', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.viewer);
  await expect(page.locator(`[data-testid="host-row"][data-host="${HOSTNAME}"]`)).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /^Select/ })).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Fleet' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);

  const hostId = await openHostPage(page);
  await expect(page.getByTestId('run').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run check now' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit options' })).toHaveCount(0);
  await expect(page.getByTestId('options-editor')).toHaveCount(0);

  // The same mutation the editor sends, from the page with the viewer's session cookie.
  const answer = await page.evaluate(async (id) => {
    const response = await fetch('/api/trpc/commands.changeOptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // tRPC's wire format is superjson: the input goes in `json`.
      body: JSON.stringify({
        json: { target: { kind: 'hosts', hostIds: [id] }, values: { 'backup-init-check': 'false' } },
      }),
    });
    return { status: response.status, body: await response.text() };
  }, hostId);
  expect(answer.status).toBe(403);
  expect(answer.body).toContain('FORBIDDEN');
  expect(answer.body).toContain('This needs the operator role; you are viewer.');
  await page.waitForTimeout(1_000);
  expect(await readOptions()).toMatch(/^backup-init-check = true$/m);
});
