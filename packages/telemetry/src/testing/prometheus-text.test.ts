import { describe, expect, it } from 'vitest';
import { Counter, createMetricsRegistry, Histogram } from '../metrics-registry';
import { ScrapedMetrics } from './prometheus-text';

describe('reading an exposition with the real parser', () => {
  it('keeps each label set of a histogram apart (the parser alone would merge them)', async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    const latency = new Histogram({
      name: 'demo_seconds',
      help: 'demo',
      labelNames: ['kind'],
      buckets: [1, 10],
      registers: [registry],
    });
    latency.observe({ kind: 'a' }, 0.5);
    latency.observe({ kind: 'a' }, 5);
    latency.observe({ kind: 'b' }, 20);
    new Counter({ name: 'demo_total', help: 'demo', labelNames: ['outcome'], registers: [registry] }).inc(
      { outcome: 'ok' },
      3,
    );

    const scraped = new ScrapedMetrics(await registry.metrics());
    expect(scraped.family('demo_seconds').type).toBe('HISTOGRAM');
    expect(scraped.histogramCount('demo_seconds', { kind: 'a' })).toBe(2);
    expect(scraped.histogramSum('demo_seconds', { kind: 'a' })).toBe(5.5);
    expect(scraped.histogramCount('demo_seconds', { kind: 'b' })).toBe(1);
    expect(scraped.histogramCount('demo_seconds')).toBe(3);
    expect(scraped.value('demo_total', { outcome: 'ok' })).toBe(3);
    expect(() => scraped.histogramCount('demo_total')).toThrow(/not a histogram/);
    expect(() => scraped.value('missing_total')).toThrow(/not exposed/);
  });
});
