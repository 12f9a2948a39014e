import type { TFinding } from './finding';
import type { THostFindingContext } from './host-context';

/** Values SIP Server will not accept; it uses the default instead (PRODUCT.md "Our decisions"). */
export function findInvalidOptionValues(context: THostFindingContext): TFinding[] {
  return context.invalid.map((invalid) => ({
    code: 'invalid-option-value',
    severity: 'warning',
    message: `${invalid.reason}; SIP Server uses the default ${invalid.fallback === '' ? '(empty)' : invalid.fallback}`,
    option: invalid.option,
    suggestedValue: invalid.fallback,
    rule: 'PRODUCT.md Our decisions: an invalid value is a finding and the default is used',
  }));
}
