import { isOptionName, OPTION_CATALOG } from '@standby/domain';

/**
 * Why a finding matters, in plain words: the catalog's description of the option it is about. Findings
 * also carry the id of their rule in docs/RULES.md (`rule`), a developer's reference, so it is
 * never shown.
 */
export function findingWhy(finding: { option?: string | null | undefined }): string | null {
  if (finding.option && isOptionName(finding.option)) return OPTION_CATALOG[finding.option].description;
  return null;
}

export const SEVERITY_TONES = { critical: 'danger', warning: 'warning', info: 'info' } as const;
