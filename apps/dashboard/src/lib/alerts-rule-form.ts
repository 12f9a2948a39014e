import { ALERT_CONDITION_SPECS, ALERT_CONDITIONS, type TAlertCondition } from '@standby/domain';
import type { TAlertRuleView } from '@standby/protocol';
import { draftFromScope, FLEET_SCOPE_DRAFT, scopeFromDraft, type TScopeDraft } from './alerts-scope';

export interface TRuleFormState {
  name: string;
  conditions: TAlertCondition[];
  scope: TScopeDraft;
  allChannels: boolean;
  channelIds: string[];
  enabled: boolean;
}

export function emptyRuleForm(): TRuleFormState {
  return {
    name: '',
    conditions: [],
    scope: FLEET_SCOPE_DRAFT,
    allChannels: false,
    channelIds: [],
    enabled: true,
  };
}

export function ruleFormFromView(rule: TAlertRuleView, names: ReadonlyMap<string, string>): TRuleFormState {
  return {
    name: rule.name,
    conditions: [...rule.conditions],
    scope: draftFromScope(rule.scope, names),
    allChannels: rule.allChannels,
    channelIds: [...rule.channelIds],
    enabled: rule.enabled,
  };
}

/** The fields a rule is created or updated with (ZAlertRuleCreateSchema's shape; add `id` to update). */
export function ruleInputFromForm(form: TRuleFormState): Record<string, unknown> {
  return {
    name: form.name.trim(),
    // In the catalogue's order, whatever the order they were ticked in.
    conditions: ALERT_CONDITIONS.filter((condition) => form.conditions.includes(condition)),
    scope: scopeFromDraft(form.scope),
    allChannels: form.allChannels,
    channelIds: form.allChannels ? [] : form.channelIds,
    enabled: form.enabled,
  };
}

export function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  const without = list.filter((existing) => existing !== item);
  return on ? [...without, item] : without;
}

export function conditionLabel(condition: TAlertCondition): string {
  return ALERT_CONDITION_SPECS[condition]?.label ?? condition;
}
