import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../fixtures/accounts';
import { startDashboardProcess, startDemoFleet, type TestDashboard } from '../fixtures/stack';

// Alerts end to end against the real dashboard and the demo fleet (sip2b, sip3b and sip8b would not
// serve): a webhook channel tested against a receiver on loopback, a rule, a silence and its badges,
// and the alert history with links to host pages.

const SECRET = 'loopback-signing-secret-0123456789';

interface TReceived {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let dashboard: TestDashboard;
let fleet: { stop(): Promise<void> };
let receiver: Server;
let receiverUrl: string;
const received: TReceived[] = [];

test.beforeAll(async () => {
  // A webhook receiver: /hook accepts, /refuse answers 418 with a reason.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
      if (request.url === '/refuse') {
        response.writeHead(418, { 'content-type': 'text/plain' }).end('not today, thanks');
        return;
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  dashboard = await startDashboardProcess();
  fleet = await startDemoFleet(dashboard);
});

test.afterAll(async () => {
  await fleet?.stop();
  await dashboard?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const rowOf = (page: Page, hostname: string): Locator =>
  page.locator(`[data-testid="host-row"][data-host="${hostname}"]`);

/** Whether a request carries a valid X-Standby-Signature for SECRET over its exact body. */
function isSigned(request: TReceived): boolean {
  const given = Buffer.from(String(request.headers['x-standby-signature'] ?? ''));
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function createWebhookChannel(page: Page, name: string, path: string): Promise<Locator> {
  const channels = page.getByTestId('alert-channels');
  await channels.getByRole('button', { name: 'New channel' }).click();
  const form = channels.getByTestId('channel-form');
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('URL', { exact: true }).fill(`${receiverUrl}${path}`);
  await form.getByLabel('Signing secret').fill(SECRET);
  await form.getByRole('button', { name: 'Create channel' }).click();
  await expect(form).toHaveCount(0);
  return page.locator(`[data-testid="channel-row"][data-name="${name}"]`);
}

test('an admin creates a webhook channel and "Send test" shows the receiver\'s answer; the request is signed', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alert settings' }).click();
  await page.waitForURL(`${dashboard.url}/admin/alerts`);

  // The server's schema, in the browser: a short secret is refused under its field, nothing is sent.
  const channels = page.getByTestId('alert-channels');
  await channels.getByRole('button', { name: 'New channel' }).click();
  const form = channels.getByTestId('channel-form');
  await form.getByLabel('Name', { exact: true }).fill('Too short');
  await form.getByLabel('URL', { exact: true }).fill('ftp://example.net/hook');
  await form.getByLabel('Signing secret').fill('short');
  await form.getByRole('button', { name: 'Create channel' }).click();
  await expect(form.getByText('at least 16 characters', { exact: true })).toBeVisible();
  await expect(form.getByText('A URL starting with http:// or https://.')).toBeVisible();
  await expect(form.getByLabel('Signing secret')).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Cancel' }).click();

  const row = await createWebhookChannel(page, 'Loopback hook', '/hook');
  await expect(row.getByTestId('channel-target')).toContainText('signing secret: set');
  await expect(row).not.toContainText(SECRET);

  await row.getByRole('button', { name: 'Send test to Loopback hook' }).click();
  const result = row.getByTestId('channel-test-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText('Test delivered');
  const testRequest = received.find(
    (request) => request.path === '/hook' && JSON.parse(request.body.toString()).kind === 'test',
  );
  expect(testRequest, 'the receiver got the test notice').toBeDefined();
  expect(isSigned(testRequest!)).toBe(true);
  expect(testRequest!.headers['content-type']).toContain('application/json');
  expect(testRequest!.headers['x-standby-delivery']).toBeTruthy();

  // A receiver that refuses: its answer is shown as it came.
  const refusing = await createWebhookChannel(page, 'Refusing hook', '/refuse');
  await refusing.getByRole('button', { name: 'Send test to Refusing hook' }).click();
  const refusal = refusing.getByTestId('channel-test-result');
  await expect(refusal).toHaveAttribute('data-ok', 'false');
  await expect(refusal).toContainText('HTTP 418');
  await expect(refusal).toContainText('not today, thanks');
});

test('an admin sees the built-in rule and adds one; conditions are required', async ({ page }) => {
  await signIn(page, dashboard.url, ACCOUNTS.admin, '/admin/alerts');
  const rules = page.getByTestId('alert-rules');
  await expect(rules.getByTestId('rule-row').filter({ hasText: 'built-in default' })).toContainText(
    'Backup would not serve',
  );

  await rules.getByRole('button', { name: 'New rule' }).click();
  const form = rules.getByTestId('rule-form');
  await form.getByLabel('Rule name').fill('Drift to every channel');
  await form.getByLabel('Every channel (present and future)').check();
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByText('Choose at least one.')).toBeVisible();

  await form.getByLabel('Check options differ within the pair').check();
  await form.getByLabel('Option change waiting for a restart for over a day').check();
  await form.getByRole('button', { name: 'Create rule' }).click();
  const row = rules.locator('[data-testid="rule-row"][data-name="Drift to every channel"]');
  await expect(row).toContainText('Check options differ within the pair');
  await expect(row).toContainText('whole fleet');
  await expect(row).toContainText('every channel');
  await expect(row).toContainText('enabled');
});

test('an operator silences a host (a reason is required) and the badge shows on the fleet and host pages', async ({
  page,
}) => {
  await signIn(page, dashboard.url, ACCOUNTS.operator);
  await expect(rowOf(page, 'sip2b.example.net')).toBeVisible({ timeout: 60_000 });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Alerts', exact: true })
    .click();
  await page.waitForURL(`${dashboard.url}/alerts`);

  const silences = page.getByTestId('alert-silences');
  await silences.getByRole('button', { name: 'New silence' }).click();
  const form = silences.getByTestId('silence-form');
  await form.getByLabel('Hosts', { exact: true }).check();
  await form.getByLabel('Find hosts').fill('sip2b');
  await form.getByRole('button', { name: '+ sip2b.example.net' }).click();
  await expect(form.getByTestId('picked-item')).toHaveText(/sip2b\.example\.net/);

  // No reason: refused under the field, nothing created.
  await form.getByRole('button', { name: 'Create silence' }).click();
  await expect(form.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Required.')).toBeVisible();
  await expect(silences.getByTestId('silence-row')).toHaveCount(0);

  await form.getByLabel('Reason').fill('SIP Server upgrade on sip2b');
  await form.getByRole('button', { name: 'Create silence' }).click();
  const silence = silences.getByTestId('silence-row');
  await expect(silence).toHaveCount(1);
  await expect(silence).toHaveAttribute('data-state', 'active');
  await expect(silence.getByTestId('silence-reason')).toHaveText('SIP Server upgrade on sip2b');
  await expect(silence).toContainText('sip2b.example.net');

  // The fleet page: the silenced host says so, the others do not.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Fleet' }).click();
  const sip2b = rowOf(page, 'sip2b.example.net');
  await expect(sip2b.getByTestId('silence-badge')).toContainText('silenced until');
  await expect(rowOf(page, 'sip3b.example.net')).toBeVisible();
  await expect(rowOf(page, 'sip3b.example.net').getByTestId('silence-badge')).toHaveCount(0);

  // Its host page, in the header.
  await sip2b.getByRole('link', { name: 'sip2b.example.net' }).click();
  await page.waitForURL(/\/hosts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('silence-badge')).toContainText(
    'silenced until',
  );

  // Ended early: gone from the list and from the fleet page.
  await page.goto(`${dashboard.url}/alerts`);
  await silences.getByRole('button', { name: 'End now' }).click();
  await silences.getByRole('button', { name: 'End silence' }).click();
  await expect(silences.getByText('No silence active or scheduled.')).toBeVisible();
  await page.goto(`${dashboard.url}/fleet`);
  await expect(rowOf(page, 'sip3b.example.net')).toBeVisible();
  await expect(rowOf(page, 'sip2b.example.net').getByTestId('silence-badge')).toHaveCount(0);
});

test('a viewer reads the alert history, each entry linking to its host page, and cannot manage alerts', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, dashboard.url, ACCOUNTS.viewer);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Alert settings' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Alerts', exact: true }).click();
  await page.waitForURL(`${dashboard.url}/alerts`);
  await expect(page.getByTestId('alert-silences')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New silence' })).toHaveCount(0);
  await expect(page.getByTestId('alert-rules').getByTestId('rule-row').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'New rule' })).toHaveCount(0);

  // The failing backups of the demo fleet open alerts; the page reads the history again on reload.
  const links = page.getByTestId('alert-history').getByTestId('alert-host-link');
  await expect(async () => {
    await page.reload();
    await expect(links.first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
  const rows = page.getByTestId('alert-history-row');
  expect(await rows.count()).toBeGreaterThan(0);

  const first = links.first();
  const hostname = (await first.textContent())?.split('/')[0]?.trim() ?? '';
  const href = await first.getAttribute('href');
  expect(href).toMatch(/^\/hosts\/[0-9a-f-]{36}$/);
  await first.click();
  await page.waitForURL(`${dashboard.url}${href}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(hostname);
  await expect(page.getByTestId('host-alerts').getByTestId('alert-history-row').first()).toBeVisible();
});
