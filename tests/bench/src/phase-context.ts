import type { TBenchOptions } from './bench-flags';
import type { TMetricRow } from './metric-row';

/** What every phase gets: the options, its own directory under the bench's temp dir, and a logger. */
export interface TPhaseContext {
  options: TBenchOptions;
  dir: string;
  log: (line: string) => void;
}

/** What every phase returns: table rows, and details that go only into the JSON report. */
export interface TPhaseResult {
  rows: TMetricRow[];
  details: Record<string, unknown>;
}
