import type { TOptionName } from '../option-catalog';
import { MIN_CHECK_VERSION } from '../version';
import type { TFinding } from './finding';
import type { THostFindingContext } from './host-context';

/** The options 8.1.103.64 introduced; control-vip-scripts is older (IP Address Takeover) and not listed. */
const OPTIONS_INTRODUCED_WITH_CHECK = [
  'backup-init-check',
  'backup-init-check-timeout',
  'backup-sip-port-check',
] as const satisfies readonly TOptionName[];

/** A version that is not a.b.c.d: nothing version-dependent can be said (`check-needs-8.1.103.64`). */
export function findVersionInvalid(context: THostFindingContext): TFinding[] {
  const { version, input } = context;
  if (version.ok) return [];
  return [
    {
      code: 'version-invalid',
      severity: 'warning',
      message: `SIP Server version "${input.version}" is not valid (${version.reason}): findings that depend on the version are skipped`,
      rule: 'check-needs-8.1.103.64',
    },
  ];
}

/** Check options set on a version without the check: they do nothing (`check-needs-8.1.103.64`). */
export function findVersionTooOldOptionsSet(context: THostFindingContext): TFinding[] {
  const { version, supportsCheck, input } = context;
  if (!version.ok || supportsCheck) return [];
  return OPTIONS_INTRODUCED_WITH_CHECK.filter((name) => input.configuredOptions[name] !== undefined).map(
    (name) => ({
      code: 'version-too-old-options-set',
      severity: 'warning',
      message: `${name} is set, but SIP Server ${input.version} predates ${MIN_CHECK_VERSION}, which introduced it: it has no effect`,
      option: name,
      rule: 'check-needs-8.1.103.64',
    }),
  );
}
