import { randomUUID } from 'node:crypto';
import { COMPONENT_NAMES } from '@standby/domain';
import type { TCheckResult, TFinding } from '@standby/protocol';

/** Effective options as a healthy backup reports them (strings, as in the options file). */
export const SYNTHETIC_OPTIONS: Readonly<Record<string, string>> = {
  'backup-init-check': 'true',
  'backup-init-check-timeout': '60',
  'backup-sip-port-check': 'true',
  'control-vip-scripts': 'false',
  'sip-port': '5060',
  'sip-address': '',
};

const SLOW_STARTUP: TFinding = {
  code: 'timeout-below-startup',
  severity: 'warning',
  message: 'Components took 52 s to initialize; backup-init-check-timeout is 60 s.',
  option: 'backup-init-check-timeout',
};

/**
 * A valid check result with all four components, finished at `finishedAtMs`. The generator sets that
 * to the moment it emits, so the host's `lastCheckAt` doubles as the emit time for fan-out latency.
 * `sequence` varies the content (one run in ten is slow and carries a finding, one in fifty fails).
 */
export function buildSyntheticResult(finishedAtMs: number, sequence: number): TCheckResult {
  const durationMs = 2_000 + (sequence % 7) * 311;
  const failed = sequence % 50 === 49;
  const slow = sequence % 10 === 9;
  return {
    runId: randomUUID(),
    status: failed ? 'SERVICE_UNAVAILABLE' : 'RUNNING',
    applicable: true,
    mode: 'backup',
    checkEnabled: true,
    timeoutSec: 60,
    trigger: 'start',
    startedAt: new Date(finishedAtMs - durationMs).toISOString(),
    finishedAt: new Date(finishedAtMs).toISOString(),
    durationMs,
    components: COMPONENT_NAMES.map((name, index) =>
      failed && index === 2
        ? { name, state: 'timeout', readyAfterMs: null, detail: 'not ready within the timeout: 503' }
        : { name, state: 'ready', readyAfterMs: durationMs - (3 - index) * 150, detail: null },
    ),
    portCheck: { state: 'passed', reason: null, port: 5060, address: null },
    findings: slow ? [SLOW_STARTUP] : [],
    options: { ...SYNTHETIC_OPTIONS },
    configuredOptions: { ...SYNTHETIC_OPTIONS },
    version: '8.1.103.64',
    serverStartedAt: null,
    reasons: failed ? ['Interaction Proxy did not initialize within 60 s'] : [],
  };
}
