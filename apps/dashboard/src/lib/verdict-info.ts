import type { THostVerdict } from '@standby/domain';
import type { TTone } from './tone';

export interface TVerdictInfo {
  label: string;
  tone: TTone;
  description: string;
}

/** The fleet's answer per host, in words: the verdict is what the fleet page leads with. */
export const VERDICT_INFO: Record<THostVerdict, TVerdictInfo> = {
  'would-not-serve': {
    label: 'would not serve',
    tone: 'danger',
    description: 'This backup would not serve if it were promoted now.',
  },
  unknown: {
    label: 'unknown',
    tone: 'neutral',
    description: 'The dashboard has no recent data from this host: nobody can tell whether it would serve.',
  },
  'not-verified': {
    label: 'not verified',
    tone: 'warning',
    description:
      'Nothing proves this backup would serve: the check is off, cannot run, or has not run since the last start.',
  },
  'would-serve': {
    label: 'would serve',
    tone: 'success',
    description: 'Verified by a passing check: this backup would serve if it were promoted now.',
  },
  primary: {
    label: 'primary',
    tone: 'info',
    description: 'The primary: it serves now, the question is about its backup.',
  },
};

/** The verdicts of backups, in the order the fleet page counts them (worst first). */
export const BACKUP_VERDICTS = ['would-not-serve', 'unknown', 'not-verified', 'would-serve'] as const;

/** Tolerates a value the browser does not know (a newer server, or one that sends none yet). */
export function verdictInfo(verdict: string | null | undefined): TVerdictInfo {
  return (
    (VERDICT_INFO as Record<string, TVerdictInfo>)[verdict ?? ''] ?? {
      label: verdict || 'no verdict yet',
      tone: 'neutral',
      description: 'The dashboard has not evaluated this host yet.',
    }
  );
}

/** Verdicts whose reason the fleet row spells out (a passing backup or a primary needs none). */
export function verdictNeedsReason(verdict: string | null | undefined): boolean {
  return verdict === 'would-not-serve' || verdict === 'not-verified' || verdict === 'unknown';
}
