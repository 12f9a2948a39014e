import type { TStartupPoint } from '@standby/protocol';

export interface TChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * How a run is drawn: `passed` ready in time; `failed` ready in time but the run failed otherwise (the
 * port); `late` a component was ready only after the timeout (drawn at its real readiness); `never` a
 * component was never seen ready (drawn at the top: its time is a lower bound).
 */
export type TChartDotKind = 'passed' | 'failed' | 'late' | 'never';

export interface TChartDot {
  runId: string;
  x: number;
  y: number;
  kind: TChartDotKind;
  failed: boolean;
  label: string;
}

export interface TStartupChartGeometry {
  dots: TChartDot[];
  /** The slowest-component line through the runs whose readiness is known (late ones included). */
  line: string;
  /** The timeout per run, as a step line (it can change between runs). */
  timeoutPath: string;
  yTicks: { y: number; label: string }[];
  xLabels: { x: number; label: string; anchor: 'start' | 'end' }[];
}

const Y_TICKS = 4;

/**
 * Places the startup series in the box: x by run (oldest left; runs are evenly spaced, the timestamps
 * are in the labels), y in seconds from 0 to a little above the larger of the slowest startup and timeout.
 */
export function layoutStartupChart(points: readonly TStartupPoint[], box: TChartBox): TStartupChartGeometry {
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const maxMs = Math.max(
    1_000,
    ...points.map((point) => Math.max(point.maxReadyAfterMs ?? 0, point.timeoutSec * 1_000)),
  );
  const top = niceCeiling((maxMs * 1.1) / 1_000);
  const xOf = (index: number) =>
    box.left + (points.length <= 1 ? plotWidth / 2 : (index / (points.length - 1)) * plotWidth);
  const yOf = (seconds: number) => box.top + plotHeight - (Math.min(seconds, top) / top) * plotHeight;

  const dots = points.map((point, index): TChartDot => {
    const { kind, seconds } = classifyPoint(point);
    return {
      runId: point.runId,
      x: xOf(index),
      // A never-ready run sits at the top: above every time actually observed.
      y: kind === 'never' ? yOf(top) : yOf(seconds),
      kind,
      failed: point.status !== 'RUNNING',
      label: `${new Date(point.startedAt).toLocaleString()}: ${describePoint(kind, seconds, point.timeoutSec)} (timeout ${point.timeoutSec} s, ${point.status})`,
    };
  });
  const known = dots.filter((dot) => dot.kind !== 'never');
  const line = known
    .map((dot, index) => `${index ? 'L' : 'M'}${dot.x.toFixed(1)},${dot.y.toFixed(1)}`)
    .join(' ');

  const half = points.length <= 1 ? plotWidth / 2 : plotWidth / (points.length - 1) / 2;
  const timeoutPath = points
    .map((point, index) => {
      const y = yOf(point.timeoutSec).toFixed(1);
      const from = Math.max(box.left, xOf(index) - half).toFixed(1);
      const to = Math.min(box.left + plotWidth, xOf(index) + half).toFixed(1);
      return `${index ? 'L' : 'M'}${from},${y} L${to},${y}`;
    })
    .join(' ');

  const yTicks = Array.from({ length: Y_TICKS + 1 }, (_, i) => {
    const seconds = (top / Y_TICKS) * i;
    return { y: yOf(seconds), label: `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s` };
  });
  const first = points[0];
  const last = points[points.length - 1];
  const xLabels =
    first && last
      ? [
          { x: box.left, label: new Date(first.startedAt).toLocaleString(), anchor: 'start' as const },
          ...(points.length > 1
            ? [
                {
                  x: box.left + plotWidth,
                  label: new Date(last.startedAt).toLocaleString(),
                  anchor: 'end' as const,
                },
              ]
            : []),
        ]
      : [];
  return { dots, line, timeoutPath, yTicks, xLabels };
}

/**
 * A run's kind and its slowest time in seconds. A timed-out run is never drawn as a fast start: without
 * a readiness past the timeout (or with none at all) its time is "at least the timeout".
 */
export function classifyPoint(point: TStartupPoint): { kind: TChartDotKind; seconds: number } {
  const timeoutMs = point.timeoutSec * 1_000;
  const ms = point.maxReadyAfterMs;
  const timedOut = point.timedOut ?? false;
  if (ms === null || point.neverReady)
    return { kind: 'never', seconds: Math.max(ms ?? 0, timeoutMs) / 1_000 };
  if (timedOut)
    return ms > timeoutMs
      ? { kind: 'late', seconds: ms / 1_000 }
      : { kind: 'never', seconds: point.timeoutSec };
  return { kind: point.status === 'RUNNING' ? 'passed' : 'failed', seconds: ms / 1_000 };
}

function describePoint(kind: TChartDotKind, seconds: number, timeoutSec: number): string {
  const value = formatSeconds(seconds);
  switch (kind) {
    case 'never':
      return `≥ ${value} s / never ready (not ready within the ${timeoutSec} s timeout)`;
    case 'late':
      return `slowest component ready after ${value} s, past the ${timeoutSec} s timeout`;
    case 'failed':
      return `slowest component ready after ${value} s; the run failed for another reason`;
    default:
      return `slowest component ready after ${value} s`;
  }
}

function formatSeconds(seconds: number): string {
  return seconds >= 100 ? seconds.toFixed(0) : seconds.toFixed(seconds >= 10 ? 1 : 2);
}

/** 1, 2, 2.5, 5 × 10^n at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
