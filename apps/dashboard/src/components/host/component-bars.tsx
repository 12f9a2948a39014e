import type { TComponentResult } from '@standby/protocol';
import { toComponentBars } from '@/lib/component-bars';

/**
 * Per component, a horizontal bar of its time to ready on a scale that ends at the timeout (the dashed
 * line). Components not ready by the timeout, or failed, are red and say so in words.
 */
export function ComponentBars({
  components,
  timeoutSec,
}: {
  components: TComponentResult[];
  timeoutSec: number;
}) {
  const bars = toComponentBars(components, timeoutSec);
  if (bars.length === 0)
    return <p className="text-xs text-slate-500">No component was checked in this run.</p>;
  return (
    <ul className="space-y-1.5" aria-label={`Time to ready per component, timeout ${timeoutSec} s`}>
      {bars.map((bar) => (
        <li
          key={bar.name}
          className="grid items-center gap-x-3 sm:grid-cols-[12rem_minmax(0,1fr)]"
          data-testid="component-bar"
          data-component={bar.name}
          data-state={bar.state}
        >
          <span className="text-xs font-medium text-slate-700">{bar.label}</span>
          <div>
            <div className="relative h-3 rounded bg-slate-100" aria-hidden="true">
              <div
                className={`h-3 rounded ${bar.bad ? 'bg-red-600' : bar.state === 'skipped' ? 'bg-slate-300' : 'bg-emerald-600'}`}
                style={{ width: `${Math.max(bar.state === 'skipped' ? 0 : 1, bar.fraction * 100)}%` }}
              />
              <div className="absolute inset-y-[-2px] right-0 border-r-2 border-dashed border-slate-500" />
            </div>
            <p className={`mt-0.5 text-xs ${bar.bad ? 'font-medium text-red-700' : 'text-slate-600'}`}>
              {bar.bad ? <span aria-hidden="true">⨯ </span> : null}
              {bar.text}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
