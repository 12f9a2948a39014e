import type { TAlertNotice } from '@standby/protocol';

/** The word for what happened, as subjects and headers show it. */
export function noticeLabel(notice: TAlertNotice): 'TRIGGER' | 'RESOLVED' | 'TEST' {
  if (notice.kind === 'trigger') return 'TRIGGER';
  return notice.kind === 'resolve' ? 'RESOLVED' : 'TEST';
}

/** The notice's one line for a person: the title, marked when it is a resolve or a test. */
export function noticeHeadline(notice: TAlertNotice): string {
  if (notice.kind === 'resolve') return `Resolved: ${notice.title}`;
  return notice.kind === 'test' ? `Test: ${notice.title}` : notice.title;
}

/** The labelled facts every human-readable channel lists, in order; absent ones left out. */
export function noticeFacts(notice: TAlertNotice): [label: string, value: string][] {
  const facts: [string, string][] = [['Severity', notice.severity]];
  if (notice.host) facts.push(['Host', `${notice.host.hostname} (${notice.host.application})`]);
  if (notice.pair) facts.push(['Pair', notice.pair.name]);
  if (notice.verdict) facts.push(['Verdict', notice.verdict]);
  facts.push(['Condition', notice.condition], ['At', notice.at]);
  return facts;
}

/** What the link leads to, for its label. */
export function linkLabel(notice: TAlertNotice): string {
  return notice.host ? 'Open the host in Standby' : 'Open Standby';
}

/** `text` cut to `max` characters, an ellipsis marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
