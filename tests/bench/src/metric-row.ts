/** A target as the issue states it: at least, or below. */
export interface TTarget {
  op: '>=' | '<';
  value: number;
}

/** One line of the results table (and of the JSON report). */
export interface TMetricRow {
  phase: string;
  metric: string;
  /** null: not measured (the phase failed or the figure does not apply). */
  value: number | null;
  unit: string;
  target?: TTarget;
  note?: string;
}

export function metRow(row: TMetricRow): boolean | undefined {
  if (!row.target || row.value === null) return undefined;
  return row.target.op === '>=' ? row.value >= row.target.value : row.value < row.target.value;
}

export function row(
  phase: string,
  metric: string,
  value: number | null | undefined,
  unit: string,
  extra: { target?: TTarget; note?: string } = {},
): TMetricRow {
  return { phase, metric, value: value ?? null, unit, ...extra };
}
