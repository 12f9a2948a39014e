import { expect, test } from '@playwright/test';
import { ACCOUNTS } from '../fixtures/accounts';
import { startDashboardProcess, type TestDashboard } from '../fixtures/stack';

let dashboard: TestDashboard;

test.beforeAll(async () => {
  dashboard = await startDashboardProcess();
});

test.afterAll(async () => {
  await dashboard?.stop();
});

test('a signed-out visitor is sent to sign in, sees why a wrong password fails, and lands where they were going', async ({
  page,
}) => {
  await page.goto(`${dashboard.url}/audit`);
  await page.waitForURL(`${dashboard.url}/sign-in?next=%2Faudit`);

  await page.getByLabel('Email').fill(ACCOUNTS.operator.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toContainText(/invalid email or password/i);
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel('Password').fill(ACCOUNTS.operator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${dashboard.url}/audit`);
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByTestId('user-role')).toHaveText('operator');
  // The failed and the successful sign-in are both in the audit log.
  await expect(page.locator('[data-testid="audit-row"][data-action="user.sign-in-failed"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="audit-row"][data-action="user.sign-in"]').first()).toBeVisible();
  // An operator has no admin pages: neither in the navigation nor by URL.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Audit log' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto(`${dashboard.url}/admin/users`);
  await expect(page.getByTestId('forbidden')).toContainText('needs the admin role');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${dashboard.url}/sign-in`);
  await page.goto(`${dashboard.url}/fleet`);
  await page.waitForURL(`${dashboard.url}/sign-in?next=%2Ffleet`);
});

test('the sign-in page never redirects off the site', async ({ page }) => {
  await page.goto(`${dashboard.url}/sign-in?next=${encodeURIComponent('//example.com/phish')}`);
  await page.getByLabel('Email').fill(ACCOUNTS.viewer.email);
  await page.getByLabel('Password').fill(ACCOUNTS.viewer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${dashboard.url}/fleet`);
  await expect(page.getByTestId('user-role')).toHaveText('viewer');
});
