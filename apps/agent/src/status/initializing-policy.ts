import type { TCheckTrigger } from '@standby/protocol';

/**
 * Whether the local status shows INITIALIZING (HTTP 503) while a check runs. Only a check at a
 * start does: the SIP Server itself is initializing. A re-check of a running server (interval,
 * command, role change) keeps the last verdict until the new one is known, so a management layer
 * sees no flap. One exception: a role change to backup after a verdict made in primary mode — that
 * RUNNING said nothing about serving as a backup, so it must not stand while the first backup check runs.
 */
export function showsInitializing(
  trigger: TCheckTrigger,
  atSipServerStart: boolean,
  lastVerdictMode: 'backup' | 'primary' | undefined,
): boolean {
  if (atSipServerStart) return true;
  return trigger === 'role-change' && lastVerdictMode !== 'backup';
}
