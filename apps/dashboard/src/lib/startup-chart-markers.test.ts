import type { TStartupPoint } from '@standby/protocol';
import { describe, expect, it } from 'vitest';
import { placeChangeMarkers } from './startup-chart-markers';

const BOX = { width: 140, height: 100, left: 20, right: 20, top: 0, bottom: 0 };
const point = (startedAt: string): TStartupPoint => ({
  runId: startedAt,
  startedAt,
  maxReadyAfterMs: 100,
  timedOut: false,
  neverReady: false,
  timeoutSec: 15,
  status: 'RUNNING',
});
const marker = (requestId: string, appliedAt: string) => ({
  requestId,
  commandId: `c${requestId}`,
  appliedAt: new Date(appliedAt),
  changes: [{ option: 'backup-init-check-timeout', from: '15', to: '16' }],
  actorLabel: 'ops@example.test',
});

describe('change markers on the startup chart', () => {
  // Runs at x = 20, 70, 120.
  const points = [
    point('2026-01-01T00:00:00Z'),
    point('2026-01-02T00:00:00Z'),
    point('2026-01-03T00:00:00Z'),
  ];

  it('sits between the run before the change and the run after it, with a tooltip naming the change', () => {
    const [line] = placeChangeMarkers(points, [marker('7', '2026-01-01T12:00:00Z')], BOX);
    expect(line).toMatchObject({ x: 45, href: '/changes/7' });
    expect(line?.label).toContain('Change #7 applied');
    expect(line?.label).toContain('backup-init-check-timeout 15 → 16');
  });

  it('keeps only the latest change before the first run, puts later ones right of the last, spreads two in one gap', () => {
    const lines = placeChangeMarkers(
      points,
      [
        marker('0', '2025-11-01T00:00:00Z'),
        marker('1', '2025-12-01T00:00:00Z'),
        marker('2', '2026-01-02T06:00:00Z'),
        marker('3', '2026-01-02T07:00:00Z'),
        marker('4', '2026-01-05T00:00:00Z'),
      ],
      BOX,
    );
    expect(lines.map((line) => [line.key, line.x])).toEqual([
      ['c1', 10],
      ['c2', 95],
      ['c3', 99],
      ['c4', 130],
    ]);
  });
});
