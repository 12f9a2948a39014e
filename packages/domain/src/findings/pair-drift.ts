import { CHECK_OPTION_NAMES, type TCheckOptionName, type TEffectiveOptions } from '../option-catalog';
import { formatOptionValue } from '../option-values';
import type { TFinding } from './finding';

export interface TOptionDrift {
  option: TCheckOptionName;
  /** Values as written in an options file. */
  a: string;
  b: string;
}

/**
 * The check options that differ between the two members of an HA pair (effective values). sip-port and
 * sip-address are left out: they legitimately differ, and must on a same-host pair.
 */
export function findPairOptionDrift(a: TEffectiveOptions, b: TEffectiveOptions): TOptionDrift[] {
  const drift: TOptionDrift[] = [];
  for (const option of CHECK_OPTION_NAMES) {
    const left = formatOptionValue(option, a[option]);
    const right = formatOptionValue(option, b[option]);
    if (left !== right) drift.push({ option, a: left, b: right });
  }
  return drift;
}

/** One finding per drifting option; labels name the two members (host names, typically). */
export function buildPairDriftFindings(
  drift: readonly TOptionDrift[],
  labels: { a: string; b: string } = { a: 'one member', b: 'the other' },
): TFinding[] {
  return drift.map((entry) => ({
    code: 'pair-option-drift',
    severity: 'warning',
    message:
      `${entry.option} differs within the pair (${entry.a} on ${labels.a}, ${entry.b} on ${labels.b}): ` +
      'after a switchover the new backup would behave differently',
    option: entry.option,
    rule: 'pair-drift',
  }));
}
