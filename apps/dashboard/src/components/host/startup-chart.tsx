'use client';

import { useQuery } from '@tanstack/react-query';
import { layoutStartupChart, type TChartDot } from '@/lib/startup-chart';
import { placeChangeMarkers, type TChangeMarkerLine } from '@/lib/startup-chart-markers';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { ErrorAlert } from '../ui/error-alert';
import { Section } from '../ui/section';

const BOX = { width: 640, height: 220, left: 48, right: 12, top: 12, bottom: 28 };

/** Slowest component's time to ready per run, over time, against the timeout (dashed). */
export function StartupChart({ hostId }: { hostId: string }) {
  const trpc = useTRPC();
  const series = useQuery(trpc.host.startupSeries.queryOptions({ hostId }));
  const changes = useQuery(trpc.changes.hostMarkers.queryOptions({ hostId }));
  const points = series.data?.points ?? [];
  const chart = layoutStartupChart(points, BOX);
  const markers = placeChangeMarkers(points, changes.data ?? [], BOX);
  return (
    <Section
      title="Startup time"
      description="Slowest component’s time to ready per run, including readiness seen after the timeout; the dashed line is the timeout. Filled circle: passed. Hollow circle: failed for another reason. Hollow triangle: ready only past the timeout (failed). Cross at the top: never ready (at least that long). Amber vertical line: an option change applied on this host (hover for what it set)."
      testId="startup-chart"
    >
      {series.isError ? (
        <ErrorAlert>Could not load the startup times: {describeError(series.error)}</ErrorAlert>
      ) : null}
      {series.isSuccess && points.length === 0 ? (
        <p className="text-sm text-slate-500">No run with a startup time yet.</p>
      ) : null}
      {points.length ? (
        <svg
          viewBox={`0 0 ${BOX.width} ${BOX.height}`}
          className="h-auto w-full"
          role="img"
          aria-label={`Startup time of ${points.length} runs against the timeout`}
        >
          {chart.yTicks.map((tick) => (
            <g key={tick.label}>
              <line
                x1={BOX.left}
                x2={BOX.width - BOX.right}
                y1={tick.y}
                y2={tick.y}
                className="stroke-slate-200"
              />
              <text x={BOX.left - 6} y={tick.y + 4} textAnchor="end" className="fill-slate-500 text-[10px]">
                {tick.label}
              </text>
            </g>
          ))}
          <path
            d={chart.timeoutPath}
            fill="none"
            strokeDasharray="6 4"
            strokeWidth={1.5}
            className="stroke-slate-600"
          />
          {chart.line ? (
            <path d={chart.line} fill="none" strokeWidth={1.5} className="stroke-sky-600" />
          ) : null}
          {markers.map((marker) => (
            <ChangeMarker key={marker.key} marker={marker} />
          ))}
          {chart.dots.map((dot) => (
            <ChartDot key={dot.runId} dot={dot} />
          ))}
          {chart.xLabels.map((label) => (
            <text
              key={label.anchor}
              x={label.x}
              y={BOX.height - 8}
              textAnchor={label.anchor}
              className="fill-slate-500 text-[10px]"
            >
              {label.label}
            </text>
          ))}
        </svg>
      ) : null}
    </Section>
  );
}

/** A change applied on the host: a dashed vertical line, its tooltip saying what it set; links to the change. */
function ChangeMarker({ marker }: { marker: TChangeMarkerLine }) {
  const line = (
    <g data-testid="chart-change-marker">
      <title>{marker.label}</title>
      <line
        x1={marker.x}
        x2={marker.x}
        y1={BOX.top}
        y2={BOX.height - BOX.bottom}
        strokeDasharray="3 3"
        strokeWidth={1.5}
        className="stroke-amber-500"
      />
      {/* A wider transparent band: the tooltip and the link are easy to hit. */}
      <rect
        x={marker.x - 4}
        y={BOX.top}
        width={8}
        height={BOX.height - BOX.top - BOX.bottom}
        fill="transparent"
      />
    </g>
  );
  return marker.href ? (
    <a href={marker.href} aria-label={marker.label}>
      {line}
    </a>
  ) : (
    line
  );
}

/** One run; failures differ by shape as well as colour. */
function ChartDot({ dot }: { dot: TChartDot }) {
  const common = { 'data-testid': 'chart-point', 'data-failed': dot.failed, 'data-kind': dot.kind };
  switch (dot.kind) {
    case 'never':
      return (
        <g {...common}>
          <title>{dot.label}</title>
          <path
            d={`M${dot.x - 4},${dot.y - 4} L${dot.x + 4},${dot.y + 4} M${dot.x - 4},${dot.y + 4} L${dot.x + 4},${dot.y - 4}`}
            strokeWidth={2}
            className="stroke-red-600"
          />
        </g>
      );
    case 'late':
      return (
        <path
          {...common}
          d={`M${dot.x},${dot.y - 5} L${dot.x + 4.5},${dot.y + 3.5} L${dot.x - 4.5},${dot.y + 3.5} Z`}
          strokeWidth={2}
          className="fill-white stroke-red-600"
        >
          <title>{dot.label}</title>
        </path>
      );
    default:
      return (
        <circle
          {...common}
          cx={dot.x}
          cy={dot.y}
          r={3.5}
          strokeWidth={dot.kind === 'failed' ? 2 : 0}
          className={dot.kind === 'failed' ? 'fill-white stroke-red-600' : 'fill-sky-600'}
        >
          <title>{dot.label}</title>
        </circle>
      );
  }
}
