'use client';

import { useQuery } from '@tanstack/react-query';
import { layoutStartupChart } from '@/lib/startup-chart';
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
      description="Slowest component’s time to ready per run; the dashed line is the timeout. Hollow red circle or red cross: the run failed (a cross: never ready)."
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
          {chart.dots.map((dot) =>
            dot.neverReady ? (
              <g key={dot.runId} data-testid="chart-point" data-failed="true">
                <title>{dot.label}</title>
                <path
                  d={`M${dot.x - 4},${dot.y - 4} L${dot.x + 4},${dot.y + 4} M${dot.x - 4},${dot.y + 4} L${dot.x + 4},${dot.y - 4}`}
                  strokeWidth={2}
                  className="stroke-red-600"
                />
              </g>
            ) : (
              <circle
                key={dot.runId}
                cx={dot.x}
                cy={dot.y}
                r={3.5}
                data-testid="chart-point"
                data-failed={dot.failed}
                // Failed runs are hollow as well as red: the shape tells them apart without colour.
                strokeWidth={dot.failed ? 2 : 0}
                className={dot.failed ? 'fill-white stroke-red-600' : 'fill-sky-600'}
              >
                <title>{dot.label}</title>
              </circle>
            ),
          )}
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
