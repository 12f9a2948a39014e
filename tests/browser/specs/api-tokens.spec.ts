import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import { startDashboardProcess, type TestDashboard } from '../fixtures/stack';

// An operator makes a read token for a script on the tokens page: shown once, usable on the REST API,
// listed by its prefix only, and refused from the moment it is revoked.

let dashboard: TestDashboard;

test.beforeAll(async () => {
  dashboard = await startDashboardProcess();
});

test.afterAll(async () => {
  await dashboard?.stop();
});

test('an API token is shown once, works on the REST API, and stops at revoke', async ({ page, request }) => {
  await signIn(page, dashboard.url, ACCOUNTS.operator);
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page).toHaveURL(/\/settings\/tokens/);

  // An operator is offered read and operate, never admin.
  const scope = page.getByLabel('Scope');
  await expect(scope.locator('option')).toHaveText(['read', 'operate']);
  await page.getByLabel('Name').fill('CMDB sync');
  await scope.selectOption('read');
  await page.getByRole('button', { name: 'Create token' }).click();

  const value = page.getByTestId('api-token-value');
  await expect(value).toHaveText(/^sbt_[\w-]{43}$/);
  const token = (await value.textContent()) ?? '';
  const me = await request.get(`${dashboard.url}/api/v1/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(me.status()).toBe(200);
  expect(JSON.stringify(await me.json())).toContain(ACCOUNTS.operator.email);

  // Once dismissed, the token itself is never shown again: the list names its prefix.
  await page.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByTestId('api-token-value')).toHaveCount(0);
  const row = page.getByTestId('api-token-row').filter({ hasText: 'CMDB sync' });
  await expect(row).toContainText(`${token.slice(0, 10)}…`);
  await expect(row).toContainText('active');
  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);

  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('button', { name: 'Revoke token' }).click();
  await expect(row).toContainText('revoked');
  const refused = await request.get(`${dashboard.url}/api/v1/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(refused.status()).toBe(401);
  expect(Object.keys(await refused.json()).sort()).toEqual(['code', 'message']);
});
