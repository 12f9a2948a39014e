import { isOptionName, OPTION_CATALOG } from '@standby/domain';

/**
 * The rule a finding rests on: its own citation when it has one, else the catalog's rule of the option it
 * is about, else null.
 */
export function findingRule(finding: {
  rule?: string | undefined;
  option?: string | null | undefined;
}): string | null {
  if (finding.rule) return finding.rule;
  if (finding.option && isOptionName(finding.option)) return OPTION_CATALOG[finding.option].rule;
  return null;
}

export const SEVERITY_TONES = { critical: 'danger', warning: 'warning', info: 'info' } as const;
