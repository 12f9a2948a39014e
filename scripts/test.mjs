// `pnpm test`: lint, type-check, unit + integration tests (real PostgreSQL, sockets, processes),
// then the browser tests in Debian's Chromium against the built dashboard. Ends with one line
// "Tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = mkdtempSync(path.join(os.tmpdir(), 'standby-test-reports-'));
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};

function run(title, command, args, extraEnv = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status === 0;
}

let passed = 0;
let failed = 0;
const failures = [];

function step(title, command, args, extraEnv) {
  if (!run(title, command, args, extraEnv)) failures.push(title);
}

step('Lint and format (biome)', 'pnpm', ['exec', 'biome', 'check', '.']);
step('Type-check every package', 'pnpm', ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']);

const vitestReport = path.join(reports, 'vitest.json');
step('Unit and integration tests (vitest)', 'pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `\nBrowser tests need Chromium at ${chromium}: install it with "apt-get install -y chromium" (Debian).`,
  );
  failures.push('Browser tests (Chromium missing)');
} else {
  step('Build the dashboard', 'pnpm', [
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=@standby/dashboard',
    '--output-logs=errors-only',
  ]);
  const playwrightReport = path.join(reports, 'playwright.json');
  step(
    'Browser tests (Playwright, Debian Chromium)',
    'pnpm',
    ['--filter', '@standby/browser-tests', 'exec', 'playwright', 'test', '--reporter=list,json'],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
    },
  );
  if (existsSync(playwrightReport)) {
    const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'));
    passed += stats.expected;
    failed += stats.unexpected + stats.flaky + stats.skipped;
  }
}

rmSync(reports, { recursive: true, force: true });
if (failures.length) console.error(`\nFailed steps: ${failures.join('; ')}`);
console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
