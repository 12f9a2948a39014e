import { hostMatchesFleetFilter, type TFleetHost, type THostSummary } from '@standby/protocol';
import { describe, expect, it } from 'vitest';
import { mergeFleetDelta, type TFleetPages } from './fleet-delta';

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

// The matcher's agreement with the server's SQL is tested in packages/api (fleet-filter-agreement);
// these are the cases a live delta meets.
describe('hostMatchesFleetFilter', () => {
  it('reads the verdict filter from the summary', () => {
    const filter = { verdicts: ['would-not-serve' as const] };
    expect(hostMatchesFleetFilter(summary(), filter)).toBe(false);
    expect(
      hostMatchesFleetFilter(summary({ verdict: 'would-not-serve', verdictCause: 'check-failed' }), filter),
    ).toBe(true);
  });

  it('keeps a host whose start check runs in any status-filtered list', () => {
    const filter = { statuses: ['SERVICE_UNAVAILABLE' as const] };
    expect(hostMatchesFleetFilter(summary(), filter)).toBe(false);
    expect(hostMatchesFleetFilter(summary({ status: 'INITIALIZING' }), filter)).toBe(true);
  });

  it('searches hostname, application and pair name, trimmed and case-insensitive, wildcards literal', () => {
    expect(hostMatchesFleetFilter(summary(), { search: '  HA_2_b ' })).toBe(true);
    expect(hostMatchesFleetFilter(summary(), { search: 'sips_ha_2' })).toBe(true);
    expect(hostMatchesFleetFilter(summary({ pair: null }), { search: 'xyz' })).toBe(false);
    expect(hostMatchesFleetFilter(summary(), { search: 'sip%' })).toBe(false);
  });

  it('checks a pair filter only when the host carries its pair id', () => {
    const pairId = '5e0b6c1a-8a43-4c4f-9d1e-0f2a3b4c5d6e';
    expect(hostMatchesFleetFilter(summary(), { pairId })).toBe(true);
    expect(hostMatchesFleetFilter({ ...summary(), pairId }, { pairId })).toBe(true);
    expect(hostMatchesFleetFilter({ ...summary(), pairId: null }, { pairId })).toBe(false);
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
