import {
  normalizeOptionValue,
  OPTION_CATALOG,
  OPTION_NAMES,
  parseOptionValue,
  type TOptionName,
} from '@standby/domain';
import type { TOptionsMap } from '@standby/protocol';

export interface TOptionRow {
  name: TOptionName;
  configured: string | null;
  effective: string | null;
  defaultRaw: string;
  /** The configured value is not valid: SIP Server uses the default (`invalid-value-uses-default`). */
  invalidReason: string | null;
  /** Configured and effective differ (a change waiting for a restart, or an invalid value). */
  differs: boolean;
}

/** Every option Standby reads, configured (options file) beside effective (what SIP Server uses). */
export function toOptionRows(configured: TOptionsMap, effective: TOptionsMap): TOptionRow[] {
  return OPTION_NAMES.map((name) => {
    const configuredValue = configured[name] ?? null;
    const effectiveValue = effective[name] ?? null;
    const parsed = configuredValue === null ? null : parseOptionValue(name, configuredValue);
    const shownConfigured = configuredValue ?? OPTION_CATALOG[name].defaultRaw;
    return {
      name,
      configured: configuredValue,
      effective: effectiveValue,
      defaultRaw: OPTION_CATALOG[name].defaultRaw,
      invalidReason: parsed && !parsed.ok ? parsed.reason : null,
      differs:
        effectiveValue !== null && canonical(name, shownConfigured) !== canonical(name, effectiveValue),
    };
  });
}

/** A value in the one normalized form (an invalid one as written, trimmed), so `TRUE` and `true` are the same. */
function canonical(name: TOptionName, raw: string): string {
  const normalized = normalizeOptionValue(name, raw);
  return normalized.ok ? normalized.value : raw.trim();
}
