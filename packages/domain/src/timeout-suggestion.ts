import { OPTION_CATALOG } from './option-catalog';

const TIMEOUT = OPTION_CATALOG['backup-init-check-timeout'];

/** A backup-init-check-timeout with headroom over an observed startup time: ceil(seconds × 1.5), kept in 15-3600. */
export function suggestInitCheckTimeoutSec(observedMs: number): number {
  // ms × 1.5 / 1000, multiplied first so that whole milliseconds stay in integer arithmetic.
  const seconds = Math.ceil((observedMs * 3) / 2000);
  return Math.min(TIMEOUT.max, Math.max(TIMEOUT.min, seconds));
}
