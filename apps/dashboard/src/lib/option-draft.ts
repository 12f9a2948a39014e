import {
  CHECK_OPTION_NAMES,
  formatOptionValue,
  getOptionDefinition,
  parseOptionValue,
  type TCheckOptionName,
} from '@standby/domain';

/** The options the editor offers: those that shape the check (PRODUCT.md option table). */
export const EDITABLE_OPTIONS = CHECK_OPTION_NAMES;
export type TEditableOption = TCheckOptionName;

/** What the user typed per option; empty or absent means "leave as it is". */
export type TOptionDraft = Partial<Record<TEditableOption, string>>;

export interface TDraftCheck {
  /** The valid values to send, written as in an options file (booleans lower case). */
  values: Record<string, string>;
  /** Why a typed value is refused: the domain's own reason. */
  errors: Partial<Record<TEditableOption, string>>;
  /** Restricted options among the values (they need a confirmation and a reason). */
  restricted: TEditableOption[];
}

/** Validates what was typed with the same rule the server and the agent apply (`parseOptionValue`). */
export function checkDraft(draft: TOptionDraft): TDraftCheck {
  const check: TDraftCheck = { values: {}, errors: {}, restricted: [] };
  for (const name of EDITABLE_OPTIONS) {
    const raw = draft[name];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = parseOptionValue(name, raw);
    if (!parsed.ok) {
      check.errors[name] = parsed.reason;
      continue;
    }
    check.values[name] = formatParsed(name, parsed.value);
    if (getOptionDefinition(name).restricted) check.restricted.push(name);
  }
  return check;
}

function formatParsed(name: TEditableOption, value: boolean | number): string {
  // parseOptionValue(name) gives the type formatOptionValue(name) takes; TS cannot follow it through the union.
  return formatOptionValue(name, value as never);
}

export interface TSubmitContext {
  confirmRestricted: boolean;
  reason: string;
}

/** Why the change cannot be sent yet, or null when it can. */
export function submitBlocker(check: TDraftCheck, context: TSubmitContext): string | null {
  if (Object.keys(check.errors).length) return 'Correct the invalid values first.';
  if (Object.keys(check.values).length === 0) return 'Enter at least one new value.';
  if (check.restricted.length && !context.confirmRestricted)
    return `Confirm the change of the restricted option ${check.restricted.join(', ')}.`;
  if (check.restricted.length && !context.reason.trim())
    return 'Give a reason for changing a restricted option.';
  return null;
}
