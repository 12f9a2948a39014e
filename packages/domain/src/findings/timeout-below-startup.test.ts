import { describe, expect, it } from 'vitest';
import { buildHostFindingContext, type THostFindingsInput } from './host-context';
import { makeHostFindingsInput } from './test-input';
import { findTimeoutBelowStartup } from './timeout-below-startup';

function evaluate(overrides: Partial<THostFindingsInput>) {
  return findTimeoutBelowStartup(buildHostFindingContext(makeHostFindingsInput(overrides)));
}

const TWENTY_RUNS_MS = Array.from({ length: 20 }, (_, index) => (index + 1) * 5_000); // 5 s .. 100 s

describe('finding: timeout shorter than the observed startup, p95 suggested (`four-components-within-timeout`)', () => {
  it('p95 95 s > timeout 60 s: warning suggesting ceil(95 × 1.5) = 143', () => {
    const findings = evaluate({ observedStartupMs: TWENTY_RUNS_MS });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'timeout-below-startup',
        severity: 'warning',
        option: 'backup-init-check-timeout',
        suggestedValue: '143',
      }),
    ]);
    expect(findings[0]?.message).toContain('p95 95.0 s over 20 run(s)');
  });

  it('a timeout equal to the p95 is enough; one second less is not', () => {
    const samples = [10_000, 20_000, 30_000];
    expect(
      evaluate({
        observedStartupMs: samples,
        configuredOptions: { 'backup-init-check': 'true', 'backup-init-check-timeout': '30' },
      }),
    ).toEqual([]);
    expect(
      evaluate({
        observedStartupMs: samples,
        configuredOptions: { 'backup-init-check': 'true', 'backup-init-check-timeout': '29' },
      }),
    ).toHaveLength(1);
  });

  it('uses the effective timeout: an invalid configured value means the default 60', () => {
    const findings = evaluate({
      observedStartupMs: [61_000],
      configuredOptions: { 'backup-init-check': 'true', 'backup-init-check-timeout': '10' },
    });
    expect(findings[0]?.message).toContain('backup-init-check-timeout is 60 s');
  });

  it('clamps the suggestion at 3600 and says it is still short', () => {
    const findings = evaluate({ observedStartupMs: [4_000_000] });
    expect(findings[0]?.suggestedValue).toBe('3600');
    expect(findings[0]?.message).toContain('still shorter');
  });

  it('no samples, or only unusable ones: no finding', () => {
    expect(evaluate({})).toEqual([]);
    expect(evaluate({ observedStartupMs: [] })).toEqual([]);
    expect(evaluate({ observedStartupMs: [Number.NaN, -5] })).toEqual([]);
  });

  it('only matters when the check is on and exists', () => {
    expect(evaluate({ observedStartupMs: [90_000], configuredOptions: {} })).toEqual([]);
    expect(evaluate({ observedStartupMs: [90_000], version: '8.1.103.63' })).toEqual([]);
  });
});
