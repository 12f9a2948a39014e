import type { TAlertHistoryKind } from '@standby/protocol';
import type { TTone } from './tone';

/** The history filter's choices: each is one or more history kinds (failed includes gave-up deliveries). */
export const HISTORY_FILTERS = [
  { value: 'all', label: 'All entries', kinds: null },
  { value: 'sent', label: 'Sent', kinds: ['sent'] },
  { value: 'failed', label: 'Failed', kinds: ['failed', 'dead'] },
  { value: 'silenced', label: 'Silenced', kinds: ['silenced'] },
  { value: 'resolved', label: 'Resolved', kinds: ['resolved'] },
  { value: 'queued', label: 'Queued', kinds: ['queued'] },
] as const satisfies readonly { value: string; label: string; kinds: readonly TAlertHistoryKind[] | null }[];

export type THistoryFilter = (typeof HISTORY_FILTERS)[number]['value'];

export function historyKindsOf(filter: THistoryFilter): TAlertHistoryKind[] | undefined {
  const found = HISTORY_FILTERS.find((option) => option.value === filter);
  return found?.kinds ? [...found.kinds] : undefined;
}

export function isHistoryFilter(value: string | null | undefined): value is THistoryFilter {
  return HISTORY_FILTERS.some((option) => option.value === value);
}

const KIND_INFO: Readonly<Record<TAlertHistoryKind, { label: string; tone: TTone }>> = {
  opened: { label: 'opened', tone: 'warning' },
  reopened: { label: 'reopened', tone: 'warning' },
  closed: { label: 'closed', tone: 'neutral' },
  silenced: { label: 'silenced', tone: 'info' },
  unrouted: { label: 'no rule', tone: 'neutral' },
  queued: { label: 'queued', tone: 'info' },
  sent: { label: 'sent', tone: 'success' },
  failed: { label: 'failed', tone: 'danger' },
  dead: { label: 'gave up', tone: 'danger' },
  canceled: { label: 'canceled', tone: 'neutral' },
  resolved: { label: 'resolved', tone: 'success' },
  dropped: { label: 'dropped', tone: 'neutral' },
};

export function historyKindInfo(kind: TAlertHistoryKind): { label: string; tone: TTone } {
  return KIND_INFO[kind] ?? { label: kind, tone: 'neutral' };
}
