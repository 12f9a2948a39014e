import { describe, expect, it } from 'vitest';
import { buildHostFindingContext } from './host-context';
import { findPendingRestartStale, isPendingRestartStale } from './pending-restart';
import { makeHostFindingsInput } from './test-input';

const NOW = new Date('2026-01-10T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

describe('finding: pending restart older than a day', () => {
  it('exactly one day is not yet stale; one millisecond more is', () => {
    expect(isPendingRestartStale(new Date(NOW.getTime() - DAY_MS), NOW)).toBe(false);
    expect(isPendingRestartStale(new Date(NOW.getTime() - DAY_MS - 1), NOW)).toBe(true);
  });

  it('a recent or future pending restart is not stale', () => {
    expect(isPendingRestartStale(new Date(NOW.getTime() - 60_000), NOW)).toBe(false);
    expect(isPendingRestartStale(new Date(NOW.getTime() + DAY_MS * 2), NOW)).toBe(false);
  });

  it('a stale pending restart is a warning saying since when', () => {
    const context = buildHostFindingContext(
      makeHostFindingsInput({ now: NOW, pendingRestartSince: new Date('2026-01-08T10:00:00.000Z') }),
    );
    const findings = findPendingRestartStale(context);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'pending-restart-stale', severity: 'warning' });
    expect(findings[0]?.message).toContain('since 2026-01-08T10:00:00.000Z (2 d 2 h ago)');
  });

  it('no pending restart: no finding', () => {
    expect(findPendingRestartStale(buildHostFindingContext(makeHostFindingsInput({ now: NOW })))).toEqual([]);
  });
});
