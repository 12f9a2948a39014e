import type { TFleetHost, THostSummary } from '@standby/protocol';
import { describe, expect, it } from 'vitest';
import { hostMatchesFilter, mergeFleetDelta, type TFleetPages } from './fleet-delta';

function summary(patch: Partial<THostSummary> = {}): THostSummary {
  return {
    id: 'h1',
    hostname: 'sip2b.example.net',
    application: 'SIPS_HA_2_B',
    pair: 'SIPS_HA_2',
    mode: 'backup',
    version: '8.1.103.72',
    status: 'RUNNING',
    statusSince: null,
    verdict: 'would-serve',
    verdictCause: 'check-passed',
    verdictReason: 'all components ready within 15 s',
    verdictSince: null,
    checking: null,
    lastCheckAt: null,
    connected: true,
    sameHost: false,
    pendingRestart: false,
    findings: { critical: 0, warning: 0, info: 0 },
    ...patch,
  };
}

const pages = (hosts: TFleetHost[]): TFleetPages => ({
  pages: [{ hosts, nextCursor: null }],
  pageParams: [null],
});

describe('hostMatchesFilter', () => {
  it('reads the verdict filter from the summary', () => {
    const filter = { verdicts: ['would-not-serve' as const] };
    expect(hostMatchesFilter(summary(), filter)).toBe(false);
    expect(
      hostMatchesFilter(summary({ verdict: 'would-not-serve', verdictCause: 'check-failed' }), filter),
    ).toBe(true);
  });
});

describe('mergeFleetDelta', () => {
  it('drops a host whose verdict leaves the filter and counts one that joins it as unseen', () => {
    const loaded: TFleetHost = {
      ...summary({ verdict: 'would-not-serve', verdictCause: 'check-failed' }),
      pairId: 'p',
      effectiveOptions: {},
    };
    const filter = { verdicts: ['would-not-serve' as const] };
    const outcome = mergeFleetDelta(
      pages([loaded]),
      [summary(), summary({ id: 'h2', verdict: 'would-not-serve', verdictCause: 'check-failed' })],
      filter,
    );
    expect(outcome.data.pages[0]?.hosts).toEqual([]);
    expect(outcome.unseen).toBe(1);
  });
});
