import type { TStartupPoint } from '@standby/protocol';
import { describe, expect, it } from 'vitest';
import { classifyPoint, layoutStartupChart } from './startup-chart';

const BOX = { width: 640, height: 220, left: 48, right: 12, top: 12, bottom: 28 };

function point(patch: Partial<TStartupPoint>): TStartupPoint {
  return {
    runId: 'r',
    startedAt: '2026-11-29T00:00:00.000Z',
    maxReadyAfterMs: 2_200,
    timedOut: false,
    neverReady: false,
    timeoutSec: 15,
    status: 'RUNNING',
    ...patch,
  };
}

describe('startup chart', () => {
  it('draws a timed-out run at its real, late readiness, marked past the timeout', () => {
    const late = point({
      runId: 'late',
      maxReadyAfterMs: 42_000,
      timedOut: true,
      status: 'SERVICE_UNAVAILABLE',
    });
    const chart = layoutStartupChart([point({ runId: 'ok' }), late], BOX);
    const [ok, lateDot] = chart.dots;
    expect(lateDot?.kind).toBe('late');
    expect(lateDot!.y).toBeLessThan(ok!.y);
    expect(lateDot?.label).toContain('ready after 42.0 s, past the 15 s timeout');
  });

  it('puts a never-ready run at the top as a lower bound, never as a fast start', () => {
    const never = point({
      maxReadyAfterMs: 10,
      timedOut: true,
      neverReady: true,
      status: 'SERVICE_UNAVAILABLE',
    });
    const chart = layoutStartupChart([point({ runId: 'ok' }), { ...never, runId: 'never' }], BOX);
    const dot = chart.dots[1]!;
    expect(dot.kind).toBe('never');
    expect(dot.y).toBe(BOX.top);
    expect(dot.label).toContain('≥ 15.0 s / never ready');
    expect(dot.label).not.toContain('0.01 s');
  });

  it('does not trust a timed-out run whose late readiness was not recorded', () => {
    expect(
      classifyPoint(point({ maxReadyAfterMs: 10, timedOut: true, status: 'SERVICE_UNAVAILABLE' })),
    ).toEqual({
      kind: 'never',
      seconds: 15,
    });
  });

  it('keeps a run that failed on the port, with components in time, where it was', () => {
    expect(classifyPoint(point({ status: 'SERVICE_UNAVAILABLE' }))).toEqual({ kind: 'failed', seconds: 2.2 });
  });
});
