'use client';

import { useQuery } from '@tanstack/react-query';
import { layoutStartupChart, type TChartDot } from '@/lib/startup-chart';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { ErrorAlert } from '../ui/error-alert';
import { Section } from '../ui/section';

const BOX = { width: 640, height: 220, left: 48, right: 12, top: 12, bottom: 28 };

/** Slowest component's time to ready per run, over time, against the timeout (dashed). */
export function StartupChart({ hostId }: { hostId: string }) {
  const trpc = useTRPC();
  const series = useQuery(trpc.host.startupSeries.queryOptions({ hostId }));
  const points = series.data?.points ?? [];
  const chart = layoutStartupChart(points, BOX);
  return (
    <Section
      title="Startup time"
      description="Slowest component’s time to ready per run, including readiness seen after the timeout; the dashed line is the timeout. Filled circle: passed. Hollow circle: failed for another reason. Hollow triangle: ready only past the timeout (failed). Cross at the top: never ready (at least that long)."
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
