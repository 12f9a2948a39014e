import type { TChangeHostOutcome, TChangeTally } from '@standby/protocol';

/** "Since change #12: 3 hosts applied, 2 restarted, 1 now fails the check" — the change page's headline. */
export function describeChangeOutcome(changeId: string, tally: TChangeTally): string {
  const hosts = (n: number) => `${n} host${n === 1 ? '' : 's'}`;
  const parts = [`${hosts(tally.applied)} applied`, `${tally.restarted} restarted`];
  parts.push(tally.failing === 1 ? '1 now fails the check' : `${tally.failing} now fail the check`);
  if (tally.rejected) parts.push(`${tally.rejected} rejected`);
  if (tally.waiting) parts.push(`${tally.waiting} not applied yet`);
  return `Since change #${changeId}: ${parts.join(', ')}`;
}

/** What failed on a host after the change: the components not ready in time, and the SIP port. */
export function describeFailure(failure: NonNullable<TChangeHostOutcome['failure']>): string {
  const parts = failure.components.map(
    (component) => `${component.label} ${component.state === 'failed' ? 'failed' : 'not ready in time'}`,
  );
  if (failure.portState === 'failed') {
    const port = failure.port === null ? 'SIP port' : `SIP port ${failure.port}`;
    parts.push(`${port} could not be opened${failure.portReason ? ` (${failure.portReason})` : ''}`);
  }
  return parts.join('; ') || 'the check failed';
}

/** "backup-init-check-timeout 15 → 16" for each option of a change. */
export function describeOptionChanges(
  changes: readonly { option: string; from: string | null; to: string }[],
) {
  return changes.map((change) => `${change.option} ${change.from ?? 'not set'} → ${change.to}`).join(', ');
}
