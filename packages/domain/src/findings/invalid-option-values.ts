import type { TFinding } from './finding';
import type { THostFindingContext } from './host-context';

/** Values SIP Server will not accept; it uses the default instead (`invalid-value-uses-default`). */
export function findInvalidOptionValues(context: THostFindingContext): TFinding[] {
  return context.invalid.map((invalid) => ({
    code: 'invalid-option-value',
    severity: 'warning',
    message: `${invalid.reason}; SIP Server uses the default ${invalid.fallback === '' ? '(empty)' : invalid.fallback}`,
    option: invalid.option,
    suggestedValue: invalid.fallback,
    rule: 'invalid-value-uses-default',
  }));
}
