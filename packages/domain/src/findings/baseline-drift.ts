import type { TOptionName } from '../option-catalog';
import { isOptionName } from '../option-catalog';
import type { TFinding } from './finding';
import type { THostFindingContext } from './host-context';

/**
 * Rule `baseline-drift`: each option whose value in the options file differs from what the active
 * baseline wants for this host (an option the file does not set differs too: applying the baseline
 * would write it). The same comparison the baseline's dry run makes, so drift and diff agree.
 */
export function findBaselineDrift(context: THostFindingContext): TFinding[] {
  const desired = context.input.baselineOptions;
  if (!desired) return [];
  return Object.entries(desired).flatMap(([option, wanted]): TFinding[] => {
    const actual = context.input.configuredOptions[option];
    if (actual === wanted || !isOptionName(option)) return [];
    return [
      {
        code: 'baseline-drift',
        severity: 'warning',
        message: `${option} is ${actual === undefined ? 'not set' : `"${actual}"`} where the baseline wants "${wanted}": this host is not configured as the fleet intends`,
        option: option as TOptionName,
        suggestedValue: wanted,
        rule: 'baseline-drift',
      },
    ];
  });
}
