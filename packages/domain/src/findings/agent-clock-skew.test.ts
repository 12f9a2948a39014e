import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_WARN_MS, findAgentClockSkew, isClockSkewed } from './agent-clock-skew';
import { buildHostFindingContext } from './host-context';
import { evaluateHostFindings } from './index';
import { makeHostFindingsInput } from './test-input';

const DAY_MS = 86_400_000;

describe('finding: agent clock skew', () => {
  it('exactly the allowance is fine; one millisecond more, either way, is a finding', () => {
    expect(isClockSkewed(CLOCK_SKEW_WARN_MS)).toBe(false);
    expect(isClockSkewed(-CLOCK_SKEW_WARN_MS)).toBe(false);
    expect(isClockSkewed(CLOCK_SKEW_WARN_MS + 1)).toBe(true);
    expect(isClockSkewed(-CLOCK_SKEW_WARN_MS - 1)).toBe(true);
  });

  it('a clock a day ahead is a warning saying by how much and which way', () => {
    const findings = findAgentClockSkew(
      buildHostFindingContext(makeHostFindingsInput({ agentClockSkewMs: DAY_MS })),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'agent-clock-skew',
      severity: 'warning',
      rule: 'agent-clock-skew',
    });
    expect(findings[0]?.message).toContain('1 d 0 h ahead of');
  });

  it('a clock behind says behind', () => {
    const [finding] = findAgentClockSkew(
      buildHostFindingContext(makeHostFindingsInput({ agentClockSkewMs: -10 * 60_000 })),
    );
    expect(finding?.message).toContain('10 min behind');
  });

  it('no measurement, or a small skew: no finding; registered with the host findings', () => {
    expect(evaluateHostFindings(makeHostFindingsInput()).map((f) => f.code)).not.toContain(
      'agent-clock-skew',
    );
    expect(
      evaluateHostFindings(makeHostFindingsInput({ agentClockSkewMs: 2_000 })).map((f) => f.code),
    ).not.toContain('agent-clock-skew');
    expect(
      evaluateHostFindings(makeHostFindingsInput({ agentClockSkewMs: -DAY_MS })).map((f) => f.code),
    ).toContain('agent-clock-skew');
  });
});
