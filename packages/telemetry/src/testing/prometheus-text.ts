/// <reference path="./parse-prometheus-text-format.d.ts" />
// Tests read /metrics the way Prometheus does: through a real parser of the text format.
import parsePrometheusTextFormat, {
  type ParsedFamily,
  type ParsedSample,
} from 'parse-prometheus-text-format';

export type { ParsedFamily, ParsedSample };

/**
 * The exposition as metric families; throws on text a Prometheus server would refuse.
 *
 * parse-prometheus-text-format merges the series of a *labelled* histogram into one and drops their
 * `_count` and `_sum`; so histograms are read a second time, by the same parser, with their TYPE and
 * HELP lines left out: each `_count`, `_sum` and `_bucket` series is then a plain sample of its own.
 */
export class ScrapedMetrics {
  readonly families: ReadonlyMap<string, ParsedFamily>;
  private readonly histogramSeries: ReadonlyMap<string, ParsedSample[]>;

  constructor(readonly text: string) {
    const parsed = parsePrometheusTextFormat(text);
    this.families = new Map(parsed.map((family) => [family.name, family]));
    const histograms = new Set(parsed.filter((f) => f.type === 'HISTOGRAM').map((f) => f.name));
    const untyped = text
      .split('\n')
      .filter((line) => {
        const header = /^# (?:TYPE|HELP) (\S+)/.exec(line);
        return !header?.[1] || !histograms.has(header[1]);
      })
      .join('\n');
    // Each label set's lines come together (buckets, sum, count), so one series name recurs: merged.
    const series = new Map<string, ParsedSample[]>();
    for (const family of parsePrometheusTextFormat(untyped)) {
      if (!histograms.has(family.name.replace(/_(count|sum|bucket)$/, ''))) continue;
      series.set(family.name, [...(series.get(family.name) ?? []), ...family.metrics]);
    }
    this.histogramSeries = series;
  }

  family(name: string): ParsedFamily {
    const family = this.families.get(name);
    if (!family) throw new Error(`metric ${name} is not exposed`);
    return family;
  }

  /** The samples of `name` whose labels include `labels`. */
  samples(name: string, labels: Record<string, string> = {}): ParsedSample[] {
    return this.family(name).metrics.filter((sample) =>
      Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value),
    );
  }

  /** The value of a counter or gauge: the sum over the samples matching `labels` (0 when none does). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce((sum, sample) => sum + Number(sample.value), 0);
  }

  /** A histogram's observation count over the series matching `labels` (0 when none does). */
  histogramCount(name: string, labels: Record<string, string> = {}): number {
    return this.histogramValue(`${name}_count`, labels);
  }

  /** A histogram's sum of observed values over the series matching `labels`. */
  histogramSum(name: string, labels: Record<string, string> = {}): number {
    return this.histogramValue(`${name}_sum`, labels);
  }

  private histogramValue(series: string, labels: Record<string, string>): number {
    if (this.family(series.replace(/_(count|sum)$/, '')).type !== 'HISTOGRAM')
      throw new Error(`metric ${series} is not a histogram's`);
    return (this.histogramSeries.get(series) ?? [])
      .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value))
      .reduce((sum, sample) => sum + Number(sample.value), 0);
  }
}

/** GETs a /metrics URL and parses it; a non-200 answer throws with its status and body. */
export async function scrapeMetrics(url: string, init: RequestInit = {}): Promise<ScrapedMetrics> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text}`);
  return new ScrapedMetrics(text);
}
