import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import { startDashboardProcess, startHostWithAgent, type TestDashboard } from '../fixtures/stack';

// The Content-Security-Policy and the Origin check must not break the real pages: the built
// dashboard in production mode, signed in, the fleet page live over socket.io, a host page, an
// operator action — with no CSP violation and no console error anywhere on the way.

let dashboard: TestDashboard;

test.beforeAll(async () => {
  dashboard = await startDashboardProcess();
});

test.afterAll(async () => {
  await dashboard?.stop();
});

test('pages work under the security headers: no CSP violation, no console error', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      );
    });
  });

  const first = await page.goto(`${dashboard.url}/sign-in`);
  const headers = first?.headers() ?? {};
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).not.toContain('unsafe-eval');
  expect(headers['x-frame-options']).toBe('DENY');

  await signIn(page, dashboard.url, ACCOUNTS.operator);
  // Scripts ran (hydration) and the /live socket connected (connect-src, Origin check of the handshake).
  await expect(page.getByTestId('live-indicator')).toHaveText(/live/);
  const host = await startHostWithAgent(dashboard, 'SIPS_BROWSER_CSP');
  try {
    const row = page.locator('[data-testid="host-row"][data-host="sips_browser_csp.test"]');
    await expect(row.getByTestId('verdict')).toHaveText('would serve');
    await row.getByRole('link').first().click();
    await expect(page).toHaveURL(/\/hosts\//);
    await page.waitForLoadState('networkidle');
  } finally {
    await host.stop();
  }
  expect(problems).toEqual([]);
});
