import { ALERT_CONDITION_SPECS, isAlertCondition } from '@standby/domain';
import type { TAlertNotice } from '@standby/protocol';

/** What a notice is made of: the alert as stored, and the host as it is now. */
export interface TAlertNoticeSource {
  alertId: string;
  key: string;
  notice: 'trigger' | 'resolve';
  condition: string;
  severity: string;
  subject: string;
  summary: string;
  openedAt: Date;
  closedAt: Date | null;
  hostId: string | null;
  hostname: string | null;
  application: string | null;
  pairId: string | null;
  pairName: string | null;
  verdict: string | null;
  verdictReasons: unknown;
}

const VERDICT_CONDITIONS = new Set(['would-not-serve', 'unknown', 'not-verified']);
const MAX_TITLE = 1_000;

/** The notice for one trigger or resolve. `dedupKey` is the host + condition: the same for both. */
export function buildAlertNotice(source: TAlertNoticeSource, publicUrl: string): TAlertNotice {
  const label = isAlertCondition(source.condition)
    ? ALERT_CONDITION_SPECS[source.condition].label
    : source.condition;
  const resolved = source.notice === 'resolve';
  const verdictReasons = Array.isArray(source.verdictReasons)
    ? source.verdictReasons.filter((reason): reason is string => typeof reason === 'string')
    : [];
  const reasons = resolved
    ? [`${label}: no longer the case${source.closedAt ? ` since ${source.closedAt.toISOString()}` : ''}`]
    : [
        source.summary,
        // The verdict's own reasons while they still say why (a trigger sent a little later is still true).
        ...(VERDICT_CONDITIONS.has(source.condition) && source.verdict === source.condition
          ? verdictReasons
          : []),
      ];
  return {
    kind: source.notice,
    alertId: source.alertId,
    dedupKey: source.key,
    severity: severityOf(source.severity),
    condition: source.condition,
    title: oneLine(
      resolved ? `Resolved — ${source.subject}: ${label}` : `${source.subject}: ${source.summary}`,
    ),
    host:
      source.hostId && source.hostname
        ? { id: source.hostId, hostname: source.hostname, application: source.application ?? '' }
        : null,
    pair: source.pairId && source.pairName ? { id: source.pairId, name: source.pairName } : null,
    verdict: source.verdict,
    reasons: [...new Set(reasons.map(oneLine))],
    link: source.hostId ? `${trimSlash(publicUrl)}/hosts/${source.hostId}` : `${trimSlash(publicUrl)}/`,
    at: (resolved ? (source.closedAt ?? new Date()) : source.openedAt).toISOString(),
  };
}

/** What the channel's test button sends: it says it is a test, and changes nothing anywhere. */
export function buildTestNotice(channelName: string, publicUrl: string, now = new Date()): TAlertNotice {
  return {
    kind: 'test',
    alertId: `test-${now.getTime()}`,
    dedupKey: `test-${now.getTime()}`,
    severity: 'info',
    condition: 'test',
    title: oneLine(`Test notice from Standby to channel "${channelName}"`),
    host: null,
    pair: null,
    verdict: null,
    reasons: ['Sent from the channel test button: nothing is wrong'],
    link: `${trimSlash(publicUrl)}/`,
    at: now.toISOString(),
  };
}

function severityOf(value: string): TAlertNotice['severity'] {
  return value === 'critical' || value === 'warning' ? value : 'info';
}

function oneLine(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ').trim() || '(no text)';
  return line.length > MAX_TITLE ? `${line.slice(0, MAX_TITLE - 1)}…` : line;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
