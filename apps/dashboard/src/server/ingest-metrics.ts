import type { DashboardMetrics } from '@standby/api';
import type { TAck } from '@standby/protocol';

type IngestAck = TAck<{ runId: string; stored: boolean }>;

/**
 * Wraps a `check:finished` ack so that every answer is counted as it goes out: stored or duplicate
 * (with its receive-to-ack time, after the commit) or refused with its code (limits and validation too).
 */
export function countedIngestAck<A>(ack: A, receivedAt: Date, metrics: DashboardMetrics | undefined): A {
  if (!metrics || typeof ack !== 'function') return ack;
  const answer = ack as (response: IngestAck) => void;
  return ((response: IngestAck) => {
    if (response.ok) metrics.ingestAnswered(response.data.stored ? 'stored' : 'duplicate', receivedAt);
    else metrics.ingestAnswered('refused', receivedAt, response.error.code);
    answer(response);
  }) as A;
}
