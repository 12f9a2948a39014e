import { describe, expect, it } from 'vitest';
import { describeChangeOutcome, describeFailure, describeOptionChanges } from './change-outcome-text';

describe('change outcome text', () => {
  it('says how many hosts applied, restarted and now fail, and only mentions rejected or waiting when some are', () => {
    const tally = { hosts: 1, applied: 1, rejected: 0, waiting: 0, restarted: 1, failing: 1, newFailures: 1 };
    expect(describeChangeOutcome('7', tally)).toBe(
      'Since change #7: 1 host applied, 1 restarted, 1 now fails the check',
    );
    expect(
      describeChangeOutcome('8', { ...tally, hosts: 5, applied: 3, failing: 0, rejected: 1, waiting: 1 }),
    ).toBe(
      'Since change #8: 3 hosts applied, 1 restarted, 0 now fail the check, 1 rejected, 1 not applied yet',
    );
  });

  it('names the failed components and the SIP port', () => {
    expect(
      describeFailure({
        runId: 'r',
        startedAt: new Date(),
        components: [{ name: 'interaction-proxy', label: 'Interaction Proxy', state: 'timeout' }],
        portState: 'failed',
        port: 5060,
        portReason: null,
      }),
    ).toBe('Interaction Proxy not ready in time; SIP port 5060 could not be opened');
    expect(describeOptionChanges([{ option: 'x', from: null, to: '1' }])).toBe('x not set → 1');
  });
});
