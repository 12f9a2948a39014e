import type { THostChangeMarker, TStartupPoint } from '@standby/protocol';
import type { TChartBox } from './startup-chart';

export interface TChangeMarkerLine {
  key: string;
  x: number;
  /** "/changes/12", or null for a change made before change numbers existed. */
  href: string | null;
  label: string;
}

/** Markers between two runs sit this far apart, so two changes never draw as one line. */
const SPREAD_PX = 4;

/**
 * Places each change applied on the host between the last run before it and the first run after it
 * (runs are evenly spaced on the chart, so a change's place is by order, not by time). Of the changes
 * older than the first run shown only the latest is drawn, left of it; changes after the last run sit
 * at its right.
 */
export function placeChangeMarkers(
  points: readonly TStartupPoint[],
  markers: readonly THostChangeMarker[],
  box: TChartBox,
): TChangeMarkerLine[] {
  if (points.length === 0) return [];
  const plotWidth = box.width - box.left - box.right;
  const xOf = (index: number) =>
    box.left + (points.length <= 1 ? plotWidth / 2 : (index / (points.length - 1)) * plotWidth);
  const step = points.length <= 1 ? plotWidth / 2 : plotWidth / (points.length - 1);
  const firstAt = Date.parse(points[0]!.startedAt);
  // Of the changes before the first run shown, only the latest: it is what that run started with.
  const earlier = markers.filter((marker) => marker.appliedAt.getTime() < firstAt).at(-1);
  const perSlot = new Map<number, number>();
  return markers.flatMap((marker) => {
    const at = marker.appliedAt.getTime();
    if (at < firstAt && marker !== earlier) return [];
    // The number of runs that started before the change: it sits after the last of them.
    const before = points.filter((point) => Date.parse(point.startedAt) <= at).length;
    const nth = perSlot.get(before) ?? 0;
    perSlot.set(before, nth + 1);
    const base =
      before === 0
        ? Math.max(2, xOf(0) - Math.min(step / 2, 10))
        : before >= points.length
          ? xOf(points.length - 1) + Math.min(step / 2, 10)
          : xOf(before - 1) + step / 2;
    const x = Math.min(box.width - 2, base + nth * SPREAD_PX);
    const what = marker.changes.map((c) => `${c.option} ${c.from ?? 'not set'} → ${c.to}`).join(', ');
    const name = marker.requestId ? `Change #${marker.requestId}` : 'Change';
    return [
      {
        key: marker.commandId,
        x,
        href: marker.requestId ? `/changes/${marker.requestId}` : null,
        label: `${name} applied ${marker.appliedAt.toLocaleString()}${marker.actorLabel ? ` by ${marker.actorLabel}` : ''}: ${what}`,
      },
    ];
  });
}
