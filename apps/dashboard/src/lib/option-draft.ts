import {
  CHECK_OPTION_NAMES,
  findRestrictedChangeGap,
  type TCheckOptionName,
  validateOptionValues,
} from '@standby/domain';

/** The options the editor offers: those that shape the check (`option-table`). */
export const EDITABLE_OPTIONS = CHECK_OPTION_NAMES;
export type TEditableOption = TCheckOptionName;

/** What the user typed per option; empty or absent means "leave as it is". */
export type TOptionDraft = Partial<Record<TEditableOption, string>>;

export interface TDraftCheck {
  /** The values to send, in the one normalized form (empty while any typed value is refused). */
  values: Record<string, string>;
  /** Why a typed value is refused: the domain's own message, naming the option. */
  errors: Partial<Record<TEditableOption, string>>;
  /** Restricted options among the values (they need a confirmation and a reason). */
  restricted: TEditableOption[];
}

/** Validates what was typed with the rule the server and the agent apply (domain `validateOptionValues`). */
export function checkDraft(draft: TOptionDraft): TDraftCheck {
  const typed: Record<string, string> = {};
  for (const name of EDITABLE_OPTIONS) {
    const raw = draft[name];
    if (raw !== undefined && raw.trim() !== '') typed[name] = raw;
  }
  const validation = validateOptionValues(typed, { allowed: EDITABLE_OPTIONS });
  if (!validation.ok) {
    const errors: TDraftCheck['errors'] = {};
    for (const error of validation.errors) {
      const name = EDITABLE_OPTIONS.find((option) => option === error.option);
      if (name) errors[name] = error.message;
    }
    return { values: {}, errors, restricted: [] };
  }
  const restricted = EDITABLE_OPTIONS.filter((name) => validation.restricted.includes(name));
  return { values: validation.values, errors: {}, restricted };
}

export interface TSubmitContext {
  confirmRestricted: boolean;
  reason: string;
}

/** Why the change cannot be sent yet, or null when it can. */
export function submitBlocker(check: TDraftCheck, context: TSubmitContext): string | null {
  if (Object.keys(check.errors).length) return 'Correct the invalid values first.';
  if (Object.keys(check.values).length === 0) return 'Enter at least one new value.';
  switch (
    findRestrictedChangeGap(check.restricted, {
      confirmed: context.confirmRestricted,
      reason: context.reason,
    })
  ) {
    case 'confirmation':
      return `Confirm the change of the restricted option ${check.restricted.join(', ')}.`;
    case 'reason':
      return 'Give a reason for changing a restricted option.';
    case undefined:
      return null;
  }
}
