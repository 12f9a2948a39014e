import { describe, expect, it } from 'vitest';
import { buildHostFindingContext, type THostFindingsInput } from './host-context';
import { findLastCheckFailed } from './last-check-failed';
import { makeHostFindingsInput } from './test-input';

function evaluate(overrides: Partial<THostFindingsInput>) {
  return findLastCheckFailed(buildHostFindingContext(makeHostFindingsInput(overrides)));
}

describe('finding: a backup whose last check failed, since when (`status-to-management-layer`)', () => {
  it('SERVICE_UNAVAILABLE is critical and says since when', () => {
    const findings = evaluate({
      lastCheck: { status: 'SERVICE_UNAVAILABLE', since: new Date('2026-01-10T09:55:00.000Z') },
    });
    expect(findings).toEqual([
      {
        code: 'last-check-failed',
        severity: 'critical',
        message:
          'Last check reported SERVICE_UNAVAILABLE, failing since 2026-01-10T09:55:00.000Z (2 h 5 min ago)',
        rule: 'status-to-management-layer',
      },
    ]);
  });

  it('RUNNING, INITIALIZING, UNKNOWN or no check yet: no finding', () => {
    const since = new Date('2026-01-10T09:00:00.000Z');
    expect(evaluate({ lastCheck: { status: 'RUNNING', since } })).toEqual([]);
    expect(evaluate({ lastCheck: { status: 'INITIALIZING', since } })).toEqual([]);
    expect(evaluate({ lastCheck: { status: 'UNKNOWN', since } })).toEqual([]);
    expect(evaluate({})).toEqual([]);
  });

  it('a host that is now primary is not flagged (the check applies to backups)', () => {
    expect(
      evaluate({
        mode: 'primary',
        lastCheck: { status: 'SERVICE_UNAVAILABLE', since: new Date('2026-01-10T09:00:00Z') },
      }),
    ).toEqual([]);
  });
});
